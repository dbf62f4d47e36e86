package io.zoopipe.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.manager.attempt.AttemptFailedException;
import io.zoopipe.manager.attempt.AttemptResult;
import io.zoopipe.manager.attempt.FailureKind;
import io.zoopipe.manager.testing.BoundaryData;
import io.zoopipe.manager.testing.UnluckyIdHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coordinator (job, ledger, chain, committer, dispatcher) against in-memory workers that run
 * each shard with a real pipe in this JVM, with the faults the README promises to survive scripted
 * per task: no gRPC, no worker JVMs.
 */
class CoordinatorTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {1, 2, 3, 7, 16, 64})
  void everyRecordLandsInTheMergedOutputExactlyOnceWhateverTheCuts(int shards) throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), shards, 300);

    PipeReport report =
        new FakeJobRun(
                description(input, "out.csv", "errors.jsonl"),
                shards,
                3,
                new FakeShardWorker("a"),
                new FakeShardWorker("b"),
                new FakeShardWorker("c"))
            .run();

    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.totalProcessed()).isEqualTo(300);
    assertSameAsOneJvm(input);
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void aSpeculativeStartThatDisagreesIsDiscardedAndRunAgainFromTheExactOffset() throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), 5, 300);
    AtomicBoolean guessDeletedBeforeRerun = new AtomicBoolean();
    Location[] guessPart = new Location[1];
    FakeShardWorker worker =
        new FakeShardWorker(
            "a",
            (task, self) -> {
              AttemptResult real = self.runForReal(task);
              if (task.id().shardIndex() != 2) {
                return real;
              }
              if (!task.exactStart()) {
                guessPart[0] = task.outputPart();
                return withStart(real, real.startOffset() + 1);
              }
              guessDeletedBeforeRerun.set(Files.notExists(guessPart[0].toPath()));
              return real;
            });
    FakeJobRun run = new FakeJobRun(description(input, "out.csv", "errors.jsonl"), 4, 3, worker);

    PipeReport report = run.run();

    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    List<ShardTask> shard2 = tasksOf(worker, 2);
    assertThat(shard2).hasSize(2);
    assertThat(shard2.get(0).exactStart()).isFalse();
    assertThat(shard2.get(1).exactStart()).isTrue();
    ShardReport shard1 = run.job.shardReports().get(1);
    assertThat(shard2.get(1).range().start()).isEqualTo(shard1.endOffset());
    assertThat(shard2.get(1).range().end()).isEqualTo(shard2.get(0).range().end());
    assertThat(run.job.shardReports().get(2).attempts()).isEqualTo(2);
    assertThat(guessDeletedBeforeRerun).isTrue();
    assertSameAsOneJvm(input);
  }

  @Test
  void aShardThatKeepsFailingIsRetriedUpToTheLimitThenTheJobFailsLeavingNoTrace() throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), 6, 300);
    FakeShardWorker worker =
        new FakeShardWorker(
            "a",
            (task, self) -> {
              if (task.id().shardIndex() == 1) {
                throw FakeShardWorker.failure(FailureKind.TRANSIENT, "the stream broke");
              }
              return self.runForReal(task);
            });

    PipeReport report =
        new FakeJobRun(description(input, "out.csv", "errors.jsonl"), 3, 3, worker).run();

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .hasMessage("shard 1 of " + Location.of(input) + ": the stream broke (3 failed attempts)");
    assertThat(tasksOf(worker, 1)).hasSize(3);
    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(dir.resolve("errors.jsonl")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void anAttemptThatFailsOnceIsRetriedAndTheOutputIsUnchanged() throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), 7, 300);
    AtomicBoolean failed = new AtomicBoolean();
    FakeShardWorker worker =
        new FakeShardWorker(
            "a",
            (task, self) -> {
              AttemptResult real = self.runForReal(task);
              if (task.id().shardIndex() == 1 && failed.compareAndSet(false, true)) {
                throw FakeShardWorker.failure(FailureKind.TRANSIENT, "the stream broke");
              }
              return real;
            });
    FakeJobRun run = new FakeJobRun(description(input, "out.csv", "errors.jsonl"), 3, 3, worker);

    PipeReport report = run.run();

    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(run.job.shardReports().get(1).attempts()).isEqualTo(2);
    assertSameAsOneJvm(input);
  }

  @Test
  void aPipeThatFailsOnItsOwnTermsIsNotRetried() throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), 8, 300);
    PipelineException hook = new PipelineException(ErrorKind.HOOK, "hook Boom failed: boom");
    FakeShardWorker worker =
        new FakeShardWorker(
            "a",
            (task, self) -> {
              throw new AttemptFailedException(
                  FailureKind.PIPE, hook.getMessage(), "ABORTED: " + hook.getMessage(), hook);
            });

    PipeReport report =
        new FakeJobRun(description(input, "out.csv", "errors.jsonl"), 1, 3, worker).run();

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .hasMessage("shard 0 of " + Location.of(input) + ": hook Boom failed: boom")
        .hasCause(hook);
    assertThat(((PipelineException) report.exception()).kind()).isEqualTo(ErrorKind.HOOK);
    assertThat(worker.tasks()).hasSize(1);
    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void aLostWorkersShardGoesToAnotherWorker() throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), 9, 300);
    CountDownLatch lostOne = new CountDownLatch(1);
    FakeShardWorker dying =
        new FakeShardWorker(
            "dying",
            (task, self) -> {
              self.die();
              lostOne.countDown();
              throw FakeShardWorker.failure(FailureKind.TRANSIENT, "io exception");
            });
    FakeShardWorker healthy =
        new FakeShardWorker(
            "healthy",
            (task, self) -> {
              lostOne.await(10, TimeUnit.SECONDS);
              return self.runForReal(task);
            });
    FakeJobRun run =
        new FakeJobRun(description(input, "out.csv", "errors.jsonl"), 4, 3, dying, healthy);

    PipeReport report = run.run();

    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(dying.tasks()).hasSize(1);
    int lostShard = dying.tasks().get(0).id().shardIndex();
    // The retry may start at a guessed boundary and be re-run from the exact one (the chain rule),
    // depending on whether the previous shard had committed by then: one or two attempts.
    int retries = tasksOf(healthy, lostShard).size();
    assertThat(retries).isBetween(1, 2);
    assertThat(run.job.shardReports().get(lostShard).attempts()).isEqualTo(1 + retries);
    assertThat(run.job.shardReports().get(lostShard).worker()).isEqualTo("healthy");
    assertSameAsOneJvm(input);
  }

  @Test
  void errorPartsAreRewrittenAsTheirShardsCommitAndTheMergeUsesThemAfterAWorkerIsLost()
      throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), 6, 300);
    CountDownLatch lostOne = new CountDownLatch(1);
    AtomicBoolean rewrittenAhead = new AtomicBoolean();
    FakeShardWorker dying =
        new FakeShardWorker(
            "dying",
            (task, self) -> {
              self.die();
              lostOne.countDown();
              throw FakeShardWorker.failure(FailureKind.TRANSIENT, "killed");
            });
    FakeShardWorker healthy =
        new FakeShardWorker(
            "healthy",
            (task, self) -> {
              lostOne.await(10, TimeUnit.SECONDS);
              if (task.id().shardIndex() == 5) {
                // The shards before the last one have committed: their error parts are being
                // rewritten with global positions now, while the last shard still runs.
                rewrittenAhead.set(awaitAheadCopy());
              }
              return self.runForReal(task);
            });

    PipeReport report =
        new FakeJobRun(description(input, "out.csv", "errors.jsonl"), 6, 3, dying, healthy).run();

    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(dying.tasks()).hasSize(1);
    assertThat(rewrittenAhead).isTrue();
    assertSameAsOneJvm(input);
    assertThat(temporaryFiles()).isEmpty();
  }

  /** Waits up to 10 s for a copy rewritten ahead of the merge in the error work directory. */
  private boolean awaitAheadCopy() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.walk(dir)) {
        if (files.anyMatch(p -> p.getFileName().toString().startsWith("ahead-part-"))) {
          return true;
        }
      } catch (IOException | UncheckedIOException e) {
        // A file went while the walk listed it: look again.
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Test
  void losingEveryWorkerFailsTheJob() throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), 10, 300);
    FakeShardWorker dying =
        new FakeShardWorker(
            "dying",
            (task, self) -> {
              self.die();
              throw FakeShardWorker.failure(FailureKind.TRANSIENT, "io exception");
            });

    PipeReport report =
        new FakeJobRun(description(input, "out.csv", "errors.jsonl"), 2, 3, dying).run();

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception()).hasMessage("all 1 workers were lost");
    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void cancelLeavesTheDestinationUntouchedAndRemovesTheTemporaries() throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), 11, 300);
    CountDownLatch hanging = new CountDownLatch(1);
    CountDownLatch shard0Done = new CountDownLatch(1);
    FakeShardWorker.Behaviour hangAfterShard0 =
        (task, self) -> {
          if (task.id().shardIndex() == 0) {
            try {
              return self.runForReal(task);
            } finally {
              shard0Done.countDown();
            }
          }
          hanging.countDown();
          return self.hang(task);
        };
    FakeJobRun run =
        new FakeJobRun(
            description(input, "out.csv", "errors.jsonl"),
            4,
            3,
            new FakeShardWorker("a", hangAfterShard0),
            new FakeShardWorker("b", hangAfterShard0));
    CompletableFuture<PipeReport> report =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(hanging.await(30, TimeUnit.SECONDS)).isTrue();
    // Cancel once shard 0 has committed: a cancel that lands while a shard is still writing its
    // commit can leave that shard's temporaries behind (not covered here).
    assertThat(shard0Done.await(30, TimeUnit.SECONDS)).isTrue();

    run.cancel();

    assertThat(report.get(30, TimeUnit.SECONDS).status()).isEqualTo(PipeStatus.ABORTED);
    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(dir.resolve("errors.jsonl")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void aMissingInputFailsBeforeAnyWorkerStartsAndNothingIsWritten() {
    FakeShardWorker worker = new FakeShardWorker("a");

    assertThatThrownBy(
            () ->
                new FakeJobRun(
                    description(dir.resolve("missing.csv"), "out.csv", "e.jsonl"), 3, 3, worker))
        .isInstanceOfSatisfying(
            PipelineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    assertThat(worker.tasks()).isEmpty();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aShardWhoseRangeThePreviousShardsLastRecordCoveredOwnsNoRecords() throws Exception {
    Path input = dir.resolve("in.csv");
    String big = "x".repeat(2_000);
    Files.writeString(
        input,
        "id,name\n0,a\n1,\"" + big + "\nstill the same field\"\n2,b\n3,c\n",
        StandardCharsets.UTF_8);
    FakeJobRun run =
        new FakeJobRun(
            description(input, "out.csv", "errors.jsonl"), 10, 3, new FakeShardWorker("a"));

    PipeReport report = run.run();

    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.totalProcessed()).isEqualTo(4);
    assertThat(run.job.shardReports()).extracting(ShardReport::state).contains("EMPTY");
    assertSameAsOneJvm(input);
  }

  @Test
  void aWholeInputIsOneShardReadWhole() throws Exception {
    Path input = dir.resolve("in.json");
    StringBuilder text = new StringBuilder("[\n");
    for (int i = 0; i < 100; i++) {
      text.append(i == 0 ? "" : ",\n").append("{\"id\":").append(i).append(",\"name\":\"n\"}");
    }
    Files.writeString(input, text.append("\n]\n"), StandardCharsets.UTF_8);
    PipeDescription description = jsonDescription(input, "out.jsonl");
    FakeShardWorker worker = new FakeShardWorker("a");
    FakeJobRun run = new FakeJobRun(description, 8, 3, worker, new FakeShardWorker("b"));

    PipeReport report = run.run();

    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.totalProcessed()).isEqualTo(100);
    assertThat(run.job.shardCount()).isEqualTo(1);
    assertThat(run.job.shardReports()).extracting(ShardReport::state).containsExactly("COMMITTED");
    assertThat(Files.readString(dir.resolve("out.jsonl")))
        .isEqualTo(Files.readString(runOnce(jsonDescription(input, "single.jsonl"))));
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void shardsThatDisagreeOnColumnsFailTheJobAndLeaveTheDestinationUntouched() throws Exception {
    Path input = BoundaryData.csv(dir.resolve("in.csv"), 12, 300);
    FakeShardWorker worker =
        new FakeShardWorker(
            "a",
            (task, self) -> {
              AttemptResult real = self.runForReal(task);
              return task.id().shardIndex() != 1
                  ? real
                  : new AttemptResult(
                      real.counts(),
                      real.startOffset(),
                      real.endOffset(),
                      real.outputPart(),
                      real.errorPart(),
                      List.of("id", "other"),
                      real.errorColumns(),
                      real.worker());
            });

    PipeReport report =
        new FakeJobRun(description(input, "out.csv", "errors.jsonl"), 3, 3, worker).run();

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .hasMessageContaining("the output parts have different CSV columns")
        .hasMessageContaining("[id, other] (committed part 1)");
    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(dir.resolve("errors.jsonl")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  private void assertSameAsOneJvm(Path input) throws Exception {
    PipeDescription single = description(input, "single.csv", "single-errors.jsonl");
    try (PluginClasses classes = new PluginClasses(List.of())) {
      single.toPipe(classes).run(ProgressListener.NONE);
    }
    assertThat(Files.readAllBytes(dir.resolve("out.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single.csv")));
    assertThat(Files.readString(dir.resolve("errors.jsonl")))
        .isNotEmpty()
        .isEqualTo(Files.readString(dir.resolve("single-errors.jsonl")));
  }

  private static Path runOnce(PipeDescription description) throws Exception {
    try (PluginClasses classes = new PluginClasses(List.of())) {
      description.toPipe(classes).run(ProgressListener.NONE);
    }
    return description.output().location().toPath();
  }

  private PipeDescription jsonDescription(Path input, String output) {
    return new PipeDescription(
        data(input, "json"),
        data(dir.resolve(output), "jsonl"),
        null,
        null,
        List.of(),
        List.of(),
        new SingleThreadExecutor(10));
  }

  private static List<ShardTask> tasksOf(FakeShardWorker worker, int shard) {
    return worker.tasks().stream().filter(task -> task.id().shardIndex() == shard).toList();
  }

  private static AttemptResult withStart(AttemptResult result, long startOffset) {
    return new AttemptResult(
        result.counts(),
        startOffset,
        result.endOffset(),
        result.outputPart(),
        result.errorPart(),
        result.outputColumns(),
        result.errorColumns(),
        result.worker());
  }

  private List<String> temporaryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".zoopipe-") || n.startsWith("shard-"))
          .toList();
    }
  }

  private PipeDescription description(Path input, String output, String errors) {
    return new PipeDescription(
        data(input, "csv"),
        data(dir.resolve(output), "csv"),
        data(dir.resolve(errors), "jsonl"),
        null,
        List.of(),
        List.of(UnluckyIdHook.class.getName()),
        new SingleThreadExecutor(20));
  }

  private static DataDescription data(Path path, String format) {
    return new DataDescription(Location.of(path), format, FormatOptions.none());
  }
}
