package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.endtoend.testing.FaultHook;
import io.zoopipe.endtoend.testing.ParquetData;
import io.zoopipe.endtoend.testing.ReadEveryColumnHook;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.manager.launch.ProcessWorkerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A worker JVM killed (SIGKILL) while it writes a Parquet part: its attempt is discarded, the shard
 * runs again on another worker, and the file assembled from the parts holds the single JVM's
 * records, in order; so does the error output, as JSON Lines or as Parquet (whose parts are
 * assembled like the output's).
 */
class ParquetWorkerFaultIT {
  private static final int ROWS = 3_000;

  @TempDir Path dir;

  @ParameterizedTest(name = "error output {0}")
  @ValueSource(strings = {"jsonl", "parquet"})
  void aWorkerKilledMidShardChangesNothingInTheAssembledFile(String errorFormat) throws Exception {
    Path marker = dir.resolve("hung-worker.pid");
    Path input =
        ParquetData.users(dir.resolve("in.parquet"), 17, ROWS, 6_000, 2_300, "hang-once:" + marker);
    assertThat(ParquetShardsTest.rowGroups(input)).isGreaterThan(6);
    try (PluginClasses classes = new PluginClasses(List.of())) {
      // The hook reads every column, as FaultHook does, so that both runs read the same columns.
      description(input, "single", errorFormat, List.of(ReadEveryColumnHook.class.getName()))
          .toPipe(classes)
          .run(ProgressListener.NONE);
    }

    PipeManager manager =
        PipeManager.builder()
            .pipe(description(input, "merged", errorFormat, List.of(FaultHook.class.getName())))
            .workers(new ProcessWorkerLauncher(2, List.of()))
            .shards(6)
            .build();
    ManagerExecution execution = manager.start();
    CompletableFuture<Long> killed = CompletableFuture.supplyAsync(() -> killWhenHung(marker));
    execution.await(Duration.ofSeconds(120));
    PipeReport report = execution.report();

    assertThat(killed.join()).isPositive();
    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(execution.shardReports()).anyMatch(shard -> shard.attempts() > 1);
    assertThat(report.totalProcessed()).isEqualTo(ROWS);
    assertThat(report.errorCount()).isGreaterThan(ROWS / 10);
    assertThat(ParquetData.read(dir.resolve("merged.parquet")))
        .hasSize((int) report.successCount())
        .isEqualTo(ParquetData.read(dir.resolve("single.parquet")));
    assertThat(ParquetShardsTest.duckDbCount(dir.resolve("merged.parquet")))
        .isEqualTo(report.successCount());
    Path errors = dir.resolve("merged-errors." + errorFormat);
    Path singleErrors = dir.resolve("single-errors." + errorFormat);
    if (errorFormat.equals("parquet")) {
      assertThat(ParquetData.read(errors))
          .hasSize((int) report.errorCount())
          .isEqualTo(ParquetData.read(singleErrors));
      assertThat(ParquetShardsTest.rowGroups(errors)).isGreaterThan(1);
    } else {
      assertThat(Files.readString(errors)).isEqualTo(Files.readString(singleErrors));
    }
    assertThat(temporaryFiles()).isEmpty();
  }

  static long killWhenHung(Path marker) {
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!Files.exists(marker) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long pid = Long.parseLong(Files.readString(marker).trim());
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
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

  /** Users to Parquet in row groups of about 4 KiB, so that a part has row groups when killed. */
  private PipeDescription description(
      Path input, String name, String errorFormat, List<String> preHooks) {
    return new PipeDescription(
        DataDescription.of(Location.of(input)),
        new DataDescription(
            Location.of(dir.resolve(name + ".parquet")),
            "parquet",
            FormatOptions.of(Map.of("row_group_size", "4096"))),
        new DataDescription(
            Location.of(dir.resolve(name + "-errors." + errorFormat)),
            errorFormat,
            FormatOptions.none()),
        ParquetShardsTest.User.class.getName(),
        preHooks,
        List.of(),
        new MultiThreadExecutor(2, 50));
  }
}
