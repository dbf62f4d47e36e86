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
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.manager.launch.ProcessWorkerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded loads into a database (a SQLite file) on worker JVMs that die: a worker killed mid-load
 * is retried and the table gets every row once; a manager killed after some shards loaded their
 * staging tables leaves the table as it was, and the next job into it drops what it left.
 */
class DatabaseFaultIT {
  private static final String TABLE = "items";

  @TempDir Path dir;

  @Test
  void aWorkerKilledMidLoadIsRetriedAndTheTableHasEveryRowOnce() throws Exception {
    Path marker = dir.resolve("hung-worker.pid");
    Path input = TestData.csv(dir.resolve("in.csv"), 11, 2_000, 1_300, "hang-once:" + marker);
    String single = "jdbc:sqlite:" + dir.resolve("single.db");
    String sharded = "jdbc:sqlite:" + dir.resolve("sharded.db");
    try (PluginClasses classes = new PluginClasses(List.of())) {
      description(input, single, List.of()).toPipe(classes).run(ProgressListener.NONE);
    }

    ManagerExecution execution =
        PipeManager.builder()
            .pipe(description(input, sharded, List.of(FaultHook.class.getName())))
            .workers(new ProcessWorkerLauncher(2, List.of()))
            .shards(6)
            .build()
            .start();
    CompletableFuture<Long> killed = CompletableFuture.supplyAsync(() -> killWhenHung(marker));
    execution.await(Duration.ofSeconds(120));
    PipeReport report = execution.report();

    assertThat(killed.join()).isPositive();
    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(execution.shardReports()).anyMatch(shard -> shard.attempts() > 1);
    assertThat(dump(sharded)).hasSize(2_000).doesNotHaveDuplicates().isEqualTo(dump(single));
    assertThat(stagingTables(sharded)).isEmpty();
  }

  @Test
  void aKilledJobLeavesTheTableAsItWasAndTheNextJobDropsItsStagingTables() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("app.db");
    TestData.csv(dir.resolve("first.csv"), 3, 50, -1, "");
    assertThat(load("first.csv", "create", "first.log")).isZero();
    List<String> before = dump(url);
    Path marker = dir.resolve("hung-worker.pid");
    // The hang is in the last shard: shards 0 and 1 (one per worker) have committed their staging
    // tables before it starts; shard 2 may wait behind the hung worker's SQLite write lock.
    TestData.csv(dir.resolve("in.csv"), 7, 2_000, 1_990, "hang-once:" + marker);
    Process manager =
        Cli.start(
            dir,
            dir.resolve("run.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            url,
            "--output-table",
            TABLE,
            "--write-mode",
            "append",
            "--workers",
            "2",
            "--threads",
            "1",
            "--batch-size",
            "50",
            "--shards",
            "4",
            "--post-hook",
            FaultHook.class.getName(),
            "--progress",
            "none");
    try {
      awaitStaged(url, marker, 2);
      assertThat(dump(url)).isEqualTo(before);
    } finally {
      manager.destroyForcibly().waitFor();
      if (Files.exists(marker)) {
        ProcessHandle.of(Long.parseLong(Files.readString(marker).trim()))
            .ifPresent(
                worker -> {
                  worker.destroyForcibly();
                  worker.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
                });
      }
    }

    assertThat(dump(url)).isEqualTo(before);
    assertThat(stagingTables(url)).hasSizeGreaterThanOrEqualTo(2);

    TestData.csv(dir.resolve("more.csv"), 9, 30, -1, "");
    assertThat(load("more.csv", "append", "rerun.log", "--workers", "2", "--threads", "1"))
        .as(Files.readString(dir.resolve("rerun.log")))
        .isZero();
    assertThat(dump(url)).hasSize(80).containsAll(before);
    assertThat(stagingTables(url)).isEmpty();
  }

  private int load(String csv, String mode, String log, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                csv,
                "--output",
                "jdbc:sqlite:" + dir.resolve("app.db"),
                "--output-table",
                TABLE,
                "--write-mode",
                mode,
                "--progress",
                "none"));
    args.addAll(List.of(more));
    return Cli.run(dir, dir.resolve(log), args.toArray(String[]::new));
  }

  /** Waits until the worker hangs and {@code count} shards have committed their staging tables. */
  private static void awaitStaged(String url, Path marker, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(marker) && stagingTables(url).size() >= count) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no worker hung with " + count + " staging tables loaded");
  }

  private static long killWhenHung(Path marker) {
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

  private static PipeDescription description(Path input, String url, List<String> hooks) {
    return new PipeDescription(
        new DataDescription(Location.of(input), "csv", FormatOptions.none()),
        new DataDescription(
            Location.parse(url),
            "jdbc",
            FormatOptions.of(Map.of("table", TABLE, "mode", "create"))),
        null,
        null,
        List.of(),
        hooks,
        new SingleThreadExecutor(50));
  }

  /** The rows of the table, ordered by id. */
  private static List<String> dump(String url) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT id, name, note, fault FROM " + TABLE + " ORDER BY CAST(id AS INTEGER)")) {
      while (result.next()) {
        rows.add(
            result.getString(1)
                + '|'
                + result.getString(2)
                + '|'
                + result.getString(3)
                + '|'
                + result.getString(4));
      }
    }
    return rows;
  }

  private static List<String> stagingTables(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name LIKE 'zoopipe_stage_%'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
