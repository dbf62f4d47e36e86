package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.ErrorLimit;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.worker.InProcessWorkerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database through the manager, on in-process workers and SQLite files: key-range shards read
 * every row once over NULL and skewed keys; shards load staging tables that the commit moves into
 * the target in one transaction; a failing job leaves the target as it was, and the next job
 * removes the staging tables it left.
 */
class DatabaseJobTest {
  private static final int ROWS = 600;

  @TempDir Path dir;

  @Test
  void keyRangeShardsOnOneToFourWorkersReadEveryRowOnce() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("items.db");
    try (Connection connection = DriverManager.getConnection(url)) {
      items(connection);
    }
    for (int workers = 1; workers <= 4; workers++) {
      Path out = dir.resolve("items-" + workers + ".jsonl");
      DataDescription input =
          new DataDescription(
              Location.parse(url),
              "jdbc",
              FormatOptions.of(Map.of("table", "items", "shard_column", "k")));

      PipeReport report =
          run(
              new PipeDescription(
                  input,
                  DataDescription.of(Location.of(out)),
                  null,
                  null,
                  List.of(),
                  List.of(),
                  new SingleThreadExecutor(50)),
              workers);

      assertThat(report.status())
          .as(String.valueOf(report.exception()))
          .isEqualTo(PipeStatus.COMPLETED);
      List<String> lines = Files.readAllLines(out);
      assertThat(lines).as("%d workers", workers).hasSize(ROWS).doesNotHaveDuplicates();
    }
  }

  @Test
  void shardsLoadStagingTablesThatOneCommitMovesIntoTheTable() throws Exception {
    Path csv = users(dir.resolve("users.csv"), ROWS, false);
    String url = "jdbc:sqlite:" + dir.resolve("load.db");

    PipeReport report = run(load(csv, url, "create", ErrorLimit.NONE), 2);

    assertThat(report.status())
        .as(String.valueOf(report.exception()))
        .isEqualTo(PipeStatus.COMPLETED);
    assertThat(count(url, "users")).isEqualTo(ROWS);
    assertThat(tables(url)).containsExactly("users");
  }

  @Test
  void aFailingJobLeavesTheTableAsItWasAndTheNextJobDropsWhatItLeft() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("fail.db");
    run(load(users(dir.resolve("first.csv"), 50, false), url, "create", ErrorLimit.NONE), 2);
    Path bad = users(dir.resolve("bad.csv"), ROWS, true);

    PipeReport failed = run(load(bad, url, "append", ErrorLimit.NONE.withMaxErrors(0)), 2);

    assertThat(failed.status()).isNotEqualTo(PipeStatus.COMPLETED);
    assertThat(count(url, "users")).isEqualTo(50);

    PipeReport next =
        run(load(users(dir.resolve("more.csv"), 10, false), url, "append", ErrorLimit.NONE), 2);

    assertThat(next.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(count(url, "users")).isEqualTo(60);
    assertThat(tables(url)).containsExactly("users");
  }

  private static PipeDescription load(Path csv, String url, String mode, ErrorLimit limit) {
    return new PipeDescription(
        DataDescription.of(Location.of(csv)),
        new DataDescription(
            Location.parse(url), "jdbc", FormatOptions.of(Map.of("table", "users", "mode", mode))),
        null,
        "io.zoopipe.examples.UserSchema",
        List.of(),
        List.of(),
        new SingleThreadExecutor(40),
        limit);
  }

  private static PipeReport run(PipeDescription description, int workers) throws Exception {
    return PipeManager.builder()
        .pipe(description)
        .workers(new InProcessWorkerLauncher(workers))
        .shards(workers * 2)
        .build()
        .start()
        .await();
  }

  private static Path users(Path file, int rows, boolean badLast) throws Exception {
    StringBuilder text = new StringBuilder("user_id,username,age,email,city\n");
    for (int i = 0; i < rows; i++) {
      text.append(i).append(",user").append(i).append(',').append(20 + i % 50);
      text.append(",u").append(i).append("@example.com,Oslo\n");
    }
    if (badLast) {
      text.append("999999,bad,not-a-number,bad@example.com,Rome\n");
    }
    Files.writeString(file, text);
    return file;
  }

  private static void items(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, k INTEGER)");
    }
    connection.setAutoCommit(false);
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        insert.setInt(1, i);
        insert.setObject(2, i % 9 == 0 ? null : i % 61 == 0 ? 100_000 + i : i % 7);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    connection.commit();
  }

  private static long count(String url, String table) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static List<String> tables(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
