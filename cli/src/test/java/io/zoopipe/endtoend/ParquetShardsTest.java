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
import io.zoopipe.endtoend.testing.ParquetData;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.worker.InProcessWorkerLauncher;
import jakarta.validation.constraints.Min;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parquet through the manager: for files of 1 to many row groups and 1 to 4 workers, the output
 * assembled from the shards' parts is one Parquet file with the single JVM's records, in order, and
 * its row groups are the parts' row groups; the error output (JSON Lines) is byte for byte the
 * single JVM's, with global positions. DuckDB reads the assembled file.
 */
class ParquetShardsTest {
  @TempDir Path dir;

  /** The users' schema; a negative score fails validation. */
  public record User(long id, String name, @Min(0) int score, LocalDate day, List<String> tags) {}

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    long seed = 1;
    for (long rowGroupBytes : new long[] {64L << 20, 6_000, 2_000}) {
      for (int workers = 1; workers <= 4; workers++) {
        cases.add(Arguments.of(rowGroupBytes, workers, seed++));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "row groups of {0} bytes, {1} workers, seed {2}")
  @MethodSource("cases")
  void assembledOutputEqualsSingleJvmOutput(long rowGroupBytes, int workers, long seed)
      throws Exception {
    int rows = 900 + (int) (seed * 37 % 200);
    Path input = ParquetData.users(dir.resolve("in.parquet"), seed, rows, rowGroupBytes, -1, null);
    int inputGroups = rowGroups(input);
    if (rowGroupBytes < 10_000) {
      assertThat(inputGroups).isGreaterThan(3);
    }

    PipeReport single;
    try (PluginClasses classes = new PluginClasses(List.of())) {
      single =
          description(input, dir.resolve("single.parquet"), dir.resolve("single-errors.jsonl"))
              .toPipe(classes)
              .run(ProgressListener.NONE);
    }
    PipeReport merged;
    try (ManagerExecution execution =
        PipeManager.builder()
            .pipe(description(input, dir.resolve("merged.parquet"), dir.resolve("errors.jsonl")))
            .workers(new InProcessWorkerLauncher(workers))
            .shards(8)
            .build()
            .start()) {
      merged = execution.await();
      assertThat(execution.shardReports()).hasSize(Math.min(8, inputGroups));
    }

    assertThat(merged.status()).as("%s", merged.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(merged.totalProcessed()).isEqualTo(single.totalProcessed()).isEqualTo(rows);
    assertThat(merged.errorCount()).isEqualTo(single.errorCount()).isGreaterThan(rows / 10);
    assertThat(ParquetData.read(dir.resolve("merged.parquet")))
        .isEqualTo(ParquetData.read(dir.resolve("single.parquet")));
    assertThat(Files.readAllBytes(dir.resolve("errors.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single-errors.jsonl")));
    assertThat(duckDbCount(dir.resolve("merged.parquet"))).isEqualTo(merged.successCount());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("zoopipe")))
          .isEmpty();
    }
  }

  static int rowGroups(Path file) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + file + "')")) {
      result.next();
      return result.getInt(1);
    }
  }

  static long duckDbCount(Path file) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*), count(DISTINCT id), min(score) FROM read_parquet('"
                    + file
                    + "')")) {
      result.next();
      assertThat(result.getLong(2)).isEqualTo(result.getLong(1));
      assertThat(result.getInt(3)).isNotNegative();
      return result.getLong(1);
    }
  }

  private static PipeDescription description(Path input, Path output, Path errors) {
    return new PipeDescription(
        DataDescription.of(Location.of(input)),
        new DataDescription(
            Location.of(output),
            "parquet",
            FormatOptions.of(java.util.Map.of("row_group_size", "4096"))),
        DataDescription.of(Location.of(errors)),
        User.class.getName(),
        List.of(),
        List.of(),
        new MultiThreadExecutor(2, 50));
  }
}
