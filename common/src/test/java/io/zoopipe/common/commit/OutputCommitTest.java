package io.zoopipe.common.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.local.LocalStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCommitTest {
  @TempDir Path directory;
  private final LocalStorage storage = new LocalStorage();

  @Test
  void commitPublishesEveryOutputAndLeavesNothingElse() throws IOException {
    Path output = directory.resolve("out.csv");
    Path errors = directory.resolve("sub/errors.csv");
    Files.createDirectories(errors.getParent());
    OutputCommit commit = new OutputCommit(new CommitGate(), new CommitPause(null, null));
    commit.add(staged(output, "new output"));
    commit.add(staged(errors, "new errors"));

    assertThat(commit.commit(() -> true)).isTrue();

    assertThat(Files.readString(output)).isEqualTo("new output");
    assertThat(Files.readString(errors)).isEqualTo("new errors");
    assertThat(names(directory)).containsExactlyInAnyOrder("out.csv", "sub");
    assertThat(names(errors.getParent())).containsExactly("errors.csv");
  }

  @Test
  void aClosedGateRollsEverythingBack() throws Exception {
    Path output = directory.resolve("out.csv");
    Path errors = directory.resolve("errors.csv");
    Files.writeString(output, "old output");
    CommitGate gate = new CommitGate();
    OutputCommit commit = new OutputCommit(gate, new CommitPause(null, null));
    commit.add(staged(output, "new output"));
    commit.add(staged(errors, "new errors"));

    assertThat(gate.close(Duration.ofSeconds(1))).isEqualTo(CommitGate.Outcome.UNTOUCHED);
    assertThat(commit.commit(() -> true)).isFalse();

    assertThat(Files.readString(output)).isEqualTo("old output");
    assertThat(names(directory)).containsExactly("out.csv");
  }

  @Test
  void aGateClosedAfterTheCommitPointWaitsForThePublishing() throws Exception {
    Path output = directory.resolve("out.csv");
    Path errors = directory.resolve("errors.csv");
    CommitGate gate = new CommitGate();
    OutputCommit commit = new OutputCommit(gate, new CommitPause("committed", null));
    commit.add(staged(output, "new output"));
    commit.add(staged(errors, "new errors"));
    Thread committer =
        new Thread(
            () -> {
              try {
                commit.commit(() -> true);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    committer.start();
    while (names(directory).stream().filter(n -> n.endsWith(".commit")).count() < 2) {
      Thread.sleep(5);
    }

    assertThat(gate.close(Duration.ofSeconds(10))).isEqualTo(CommitGate.Outcome.COMMITTED);
    committer.join();
    assertThat(Files.readString(output)).isEqualTo("new output");
    assertThat(Files.readString(errors)).isEqualTo("new errors");
    assertThat(names(directory)).containsExactlyInAnyOrder("out.csv", "errors.csv");
  }

  @Test
  void recoveryRollsForwardACommitWhosePrimaryRecordExists() throws IOException {
    Path output = directory.resolve("out.csv");
    Path errors = directory.resolve("errors.csv");
    Files.writeString(output, "old output");
    Files.writeString(errors, "old errors");
    CommitRecord record = deadCommit(output, errors);
    record.write(record.copies().get(1), () -> {});
    record.write(record.primary(), () -> {});

    CommitRecovery.recover(errors);

    assertThat(Files.readString(output)).isEqualTo("new output");
    assertThat(Files.readString(errors)).isEqualTo("new errors");
    assertThat(names(directory)).containsExactlyInAnyOrder("out.csv", "errors.csv");
  }

  @Test
  void recoveryRollsBackACommitThatDiedBeforeItsPrimaryRecord() throws IOException {
    Path output = directory.resolve("out.csv");
    Path errors = directory.resolve("errors.csv");
    Files.writeString(output, "old output");
    Files.writeString(errors, "old errors");
    CommitRecord record = deadCommit(output, errors);
    record.write(record.copies().get(1), () -> {});

    CommitRecovery.recover(errors);

    assertThat(Files.readString(output)).isEqualTo("old output");
    assertThat(Files.readString(errors)).isEqualTo("old errors");
    assertThat(names(directory)).containsExactlyInAnyOrder("out.csv", "errors.csv");
  }

  @Test
  void recoveryDeletesARecordLeftHalfWrittenAndRollsItsCommitBack() throws IOException {
    Path output = directory.resolve("out.csv");
    Path errors = directory.resolve("errors.csv");
    Files.writeString(output, "old output");
    Files.writeString(errors, "old errors");
    CommitRecord record = deadCommit(output, errors);
    record.write(record.copies().get(1), () -> {});
    Path primary = record.primary().toPath();
    Path torn = primary.resolveSibling(primary.getFileName() + ".writing");
    Files.writeString(torn, "zoopipe-commit 1\ncopy\t");

    List<String> done = CommitRecovery.recover(output);
    CommitRecovery.recover(errors);

    assertThat(done).contains("removed " + torn);
    assertThat(Files.readString(output)).isEqualTo("old output");
    assertThat(Files.readString(errors)).isEqualTo("old errors");
    assertThat(names(directory)).containsExactlyInAnyOrder("out.csv", "errors.csv");
  }

  @Test
  void recoveryLeavesARecordThatALiveCommitIsWriting() throws IOException {
    Path output = directory.resolve("out.csv");
    Path errors = directory.resolve("errors.csv");
    CommitRecord record = deadCommit(output, errors);
    Path primary = record.primary().toPath();
    Path writing = primary.resolveSibling(primary.getFileName() + ".writing");
    List<String> seen = new java.util.ArrayList<>();

    record.write(
        record.primary(),
        () -> {
          List<String> done = CommitRecovery.recover(output);
          seen.add(Files.exists(writing) && !done.contains("removed " + writing) ? "kept" : "gone");
        });

    assertThat(seen).containsExactly("kept");
    assertThat(primary).exists();
  }

  @Test
  void recoveryDeletesAbandonedTemporariesButNotOnesBeingWritten() throws IOException {
    Path output = directory.resolve("out.csv");
    Files.writeString(directory.resolve(".out.csv.zoopipe-1a2b.tmp"), "partial");
    Files.writeString(directory.resolve(".other.csv.zoopipe-1a2b.tmp"), "someone else's");
    try (AtomicOutput live = storage.create(Location.of(output))) {
      List<String> done = CommitRecovery.recover(output);

      assertThat(done).hasSize(1);
      assertThat(names(directory))
          .hasSize(2)
          .contains(".other.csv.zoopipe-1a2b.tmp")
          .doesNotContain(".out.csv.zoopipe-1a2b.tmp");
      live.abort();
    }
    assertThat(names(directory)).containsExactly(".other.csv.zoopipe-1a2b.tmp");
  }

  /** Staged files of a commit whose process died: plain files, no lock held. */
  private CommitRecord deadCommit(Path output, Path errors) throws IOException {
    Path stagedOutput = directory.resolve(".out.csv.zoopipe-aa.tmp");
    Path stagedErrors = directory.resolve(".errors.csv.zoopipe-bb.tmp");
    Files.writeString(stagedOutput, "new output");
    Files.writeString(stagedErrors, "new errors");
    String id = "0123456789abcdef";
    return new CommitRecord(
        List.of(CommitRecord.copyBeside(output, id), CommitRecord.copyBeside(errors, id)),
        List.of(new StagedFile(stagedOutput, output), new StagedFile(stagedErrors, errors)));
  }

  private io.zoopipe.common.io.StagedOutput staged(Path target, String content) throws IOException {
    AtomicOutput output = storage.create(Location.of(target));
    output.stream().write(content.getBytes(StandardCharsets.UTF_8));
    return output.stage();
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).toList();
    }
  }
}
