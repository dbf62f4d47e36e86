package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.FaultHook;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.endtoend.testing.UnluckyIdHook;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.manager.launch.ProcessWorkerLauncher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker JVMs that die mid-run. */
class WorkerFaultIT {
  @TempDir Path dir;

  @Test
  void aWorkerKilledMidRunIsRetriedElsewhereAndTheOutputIsUnchanged() throws Exception {
    Path marker = dir.resolve("hung-worker.pid");
    Path input = TestData.csv(dir.resolve("in.csv"), 11, 2_000, 1_300, "hang-once:" + marker, 23);
    try (PluginClasses classes = new PluginClasses(List.of())) {
      description(
              input,
              dir.resolve("single.csv"),
              dir.resolve("single-errors.jsonl"),
              List.of(UnluckyIdHook.class.getName()))
          .toPipe(classes)
          .run(ProgressListener.NONE);
    }

    PipeManager manager =
        PipeManager.builder()
            .pipe(
                description(
                    input,
                    dir.resolve("out.csv"),
                    dir.resolve("errors.jsonl"),
                    List.of(UnluckyIdHook.class.getName(), FaultHook.class.getName())))
            .workers(new ProcessWorkerLauncher(2, List.of()))
            .shards(6)
            .build();
    ManagerExecution execution = manager.start();
    CompletableFuture<Long> killed = CompletableFuture.supplyAsync(() -> killWhenHung(marker));
    execution.await(Duration.ofSeconds(90));
    PipeReport report = execution.report();

    assertThat(killed.join()).isPositive();
    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.totalProcessed()).isEqualTo(2_000);
    assertThat(Files.readAllBytes(dir.resolve("out.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single.csv")));
    assertThat(report.errorCount()).isGreaterThan(2_000 / 7);
    assertThat(Files.readAllBytes(dir.resolve("errors.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single-errors.jsonl")));
    assertThat(execution.shardReports()).anyMatch(shard -> shard.attempts() > 1);
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void aShardThatKeepsKillingWorkersFailsTheRunWithStatus1AndLeavesNoTrace() throws Exception {
    TestData.csv(dir.resolve("in.csv"), 13, 1_000, 600, "halt-always");

    int status =
        Cli.run(
            dir,
            dir.resolve("run.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            "out.csv",
            "--errors",
            "errors.csv",
            "--workers",
            "2",
            "--threads",
            "1",
            "--shards",
            "4",
            "--post-hook",
            FaultHook.class.getName(),
            "--progress",
            "none");

    String log = Files.readString(dir.resolve("run.log"), StandardCharsets.UTF_8);
    assertThat(status).as(log).isEqualTo(1);
    assertThat(log).contains("zoopipe run: failed:");
    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(dir.resolve("errors.csv")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  private static long killWhenHung(Path marker) {
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.exists(marker) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long pid = Long.parseLong(Files.readString(marker).trim());
      ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
      worker.destroyForcibly();
      return pid;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> temporaryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".zoopipe-") || n.startsWith("shard-"))
          .toList();
    }
  }

  private static PipeDescription description(
      Path input, Path output, Path errors, List<String> hooks) {
    return new PipeDescription(
        new DataDescription(Location.of(input), "csv", FormatOptions.none()),
        new DataDescription(Location.of(output), "csv", FormatOptions.none()),
        new DataDescription(Location.of(errors), "jsonl", FormatOptions.none()),
        null,
        List.of(),
        hooks,
        new SingleThreadExecutor(50));
  }
}
