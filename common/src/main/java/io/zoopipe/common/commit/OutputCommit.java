package io.zoopipe.common.commit;

import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a run's staged outputs together. {@link #commit}: with more than one output, a {@link
 * CommitRecord} is written beside every destination but the first, then beside the first (the
 * commit point), then every output is published and the records are deleted. Before the commit
 * point everything is rolled back ({@link #rollback}); after it, publishing runs to the end, and if
 * this process dies a later run to any destination ({@link CommitRecovery}) finishes it. A single
 * output needs no record: its rename is the commit. Outputs that only this process can publish (not
 * local files) get no record. Not thread-safe: one thread stages and commits.
 */
public final class OutputCommit {
  private final CommitGate gate;
  private final CommitPause pause;
  private final List<StagedOutput> staged = new ArrayList<>();
  private boolean ended;

  public OutputCommit(CommitGate gate) {
    this(gate, CommitPause.fromSystemProperties());
  }

  OutputCommit(CommitGate gate, CommitPause pause) {
    this.gate = gate;
    this.pause = pause;
  }

  /** Adds a staged output; the first one added is the primary destination. */
  public void add(StagedOutput output) {
    if (ended) {
      output.discard();
      throw new IllegalStateException("the commit is already over");
    }
    staged.add(output);
  }

  /**
   * Publishes every staged output, or none: returns false, having rolled back, when {@code proceed}
   * is false or the process is being interrupted at the commit point.
   *
   * @throws IOException when staging the record fails (rolled back) or publishing fails after the
   *     commit point (the record stays, for a later run to finish)
   */
  public boolean commit(BooleanSupplier proceed) throws IOException {
    if (ended) {
      throw new IllegalStateException("the commit is already over");
    }
    pause.at("staged", gate);
    if (!proceed.getAsBoolean() || !gate.enter()) {
      rollback();
      return false;
    }
    ended = true;
    boolean published = false;
    try {
      CommitRecord record = writeRecord();
      pause.at("committed", gate);
      for (int i = 0; i < staged.size(); i++) {
        staged.get(i).publish();
        pause.at("published-" + (i + 1), gate);
      }
      if (record != null) {
        List<Path> copies = record.copies();
        for (int i = copies.size() - 1; i >= 0; i--) {
          Files.deleteIfExists(copies.get(i));
        }
      }
      published = true;
      return true;
    } finally {
      gate.exit(published);
    }
  }

  /** Discards every staged output; the destinations are untouched. Never throws. */
  public void rollback() {
    ended = true;
    staged.forEach(StagedOutput::discard);
  }

  /**
   * Writes the record's copies, the primary last; on failure nothing is left and all rolls back.
   */
  private @Nullable CommitRecord writeRecord() throws IOException {
    List<StagedFile> moves = new ArrayList<>();
    for (StagedOutput output : staged) {
      Optional<StagedFile> file = output.file();
      file.ifPresent(moves::add);
    }
    if (staged.size() < 2 || moves.size() < staged.size()) {
      return null;
    }
    String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
    List<Path> copies = new ArrayList<>();
    for (StagedFile move : moves) {
      Path copy = CommitRecord.copyBeside(move.target(), id);
      if (!copies.contains(copy)) {
        copies.add(copy);
      }
    }
    CommitRecord record = new CommitRecord(copies, moves);
    List<Path> written = new ArrayList<>();
    try {
      for (StagedOutput output : staged) {
        output.sync();
      }
      for (int i = copies.size() - 1; i >= 0; i--) {
        String step = "writing-" + (written.size() + 1);
        record.write(copies.get(i), () -> pause.at(step, gate));
        written.add(copies.get(i));
      }
    } catch (IOException | RuntimeException e) {
      for (Path copy : written) {
        Files.deleteIfExists(copy);
      }
      staged.forEach(StagedOutput::discard);
      throw e;
    }
    return record;
  }
}
