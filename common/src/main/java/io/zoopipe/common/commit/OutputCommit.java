package io.zoopipe.common.commit;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedObject;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * output needs no record: its rename (or its upload's completion) is the commit. Local files are
 * published by a rename, remote outputs that a later process can publish ({@link
 * StagedOutput#object()}, an S3 multipart upload) by their storage; a record copy beside a remote
 * destination is written through the {@link StorageFactory} given. Outputs that only this process
 * can publish get no record. Not thread-safe: one thread stages and commits.
 */
public final class OutputCommit {
  private final CommitGate gate;
  private final CommitPause pause;
  private final @Nullable StorageFactory storage;
  private final List<StagedOutput> staged = new ArrayList<>();
  private boolean ended;

  /** A commit that records local files only: remote outputs publish in this process. */
  public OutputCommit(CommitGate gate) {
    this(gate, null, CommitPause.fromSystemProperties());
  }

  /**
   * A commit that also records remote staged objects, writing their copies through {@code storage}.
   */
  public OutputCommit(CommitGate gate, StorageFactory storage) {
    this(gate, storage, CommitPause.fromSystemProperties());
  }

  OutputCommit(CommitGate gate, CommitPause pause) {
    this(gate, null, pause);
  }

  OutputCommit(CommitGate gate, @Nullable StorageFactory storage, CommitPause pause) {
    this.gate = gate;
    this.storage = storage;
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
        List<Location> copies = record.copies();
        for (int i = copies.size() - 1; i >= 0; i--) {
          delete(copies.get(i));
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
    if (staged.size() < 2) {
      return null;
    }
    List<StagedFile> moves = new ArrayList<>();
    List<StagedObject> objects = new ArrayList<>();
    List<Location> targets = new ArrayList<>();
    for (StagedOutput output : staged) {
      Optional<StagedFile> file = output.file();
      Optional<StagedObject> object = storage == null ? Optional.empty() : output.object();
      if (file.isPresent()) {
        moves.add(file.get());
        targets.add(Location.of(file.get().target()));
      } else if (object.isPresent()) {
        objects.add(object.get());
        targets.add(object.get().target());
      } else {
        return null; // only this process can publish it: no record can finish the commit
      }
    }
    String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
    List<Location> copies = new ArrayList<>();
    for (Location target : targets) {
      Location copy = CommitRecord.copyBeside(target, id);
      if (!copies.contains(copy)) {
        copies.add(copy);
      }
    }
    CommitRecord record = new CommitRecord(copies, moves, objects);
    try {
      for (StagedOutput output : staged) {
        output.sync();
      }
      for (int i = copies.size() - 1; i >= 0; i--) {
        String step = "writing-" + (copies.size() - i);
        write(record, copies.get(i), () -> pause.at(step, gate));
      }
    } catch (IOException | RuntimeException e) {
      // Every copy, the one that failed too: a remote write that timed out may have landed, and a
      // primary left behind would make a later run roll forward outputs discarded here.
      for (Location copy : copies) {
        try {
          delete(copy);
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      staged.forEach(StagedOutput::discard);
      throw e;
    }
    return record;
  }

  private void write(CommitRecord record, Location copy, Runnable whileWriting) throws IOException {
    if (copy.isFile()) {
      record.write(copy, whileWriting);
      return;
    }
    // One small object write: a remote store shows all of it or nothing.
    try (AtomicOutput output = remote().forLocation(copy).create(copy)) {
      output.stream().write(record.text().getBytes(StandardCharsets.UTF_8));
      output.commit();
    }
  }

  private void delete(Location copy) throws IOException {
    if (copy.isFile()) {
      Files.deleteIfExists(copy.toPath());
    } else {
      remote().forLocation(copy).delete(copy);
    }
  }

  private StorageFactory remote() {
    if (storage == null) {
      throw new IllegalStateException("a remote commit record needs a storage factory");
    }
    return storage;
  }
}
