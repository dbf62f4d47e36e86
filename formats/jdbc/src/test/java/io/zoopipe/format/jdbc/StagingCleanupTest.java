package io.zoopipe.format.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.format.csv.CsvInputAdapter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a job that died between its shards' loads and its commit leaves behind: committed staging
 * tables beside an untouched target, which the next job into that table drops (and only those of
 * other jobs).
 */
class StagingCleanupTest {
  @TempDir Path dir;

  @Test
  void aDeadJobsStagingTablesAreDroppedByTheNextJobAndTheTargetIsUntouched() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("app.db");
    Path csv = PostgresLoadTest.users(dir.resolve("users.csv"), 40);
    JdbcOutputAdapter target = SqliteLoadTest.output(url, "users", "append");
    try (StorageFactory storage = StorageFactory.defaults()) {
      load(new CsvInputAdapter(csv.toString()), SqliteLoadTest.output(url, "users", "create"));
      List<String> before = SqliteLoadTest.dump(url, "users");
      // Two shards of a job that then died, as its workers wrote them: committed, never assembled.
      for (int shard = 0; shard < 2; shard++) {
        Location part = target.partLocation(new AttemptKey("dead-job", 0, shard, 1)).orElseThrow();
        load(new CsvInputAdapter(csv.toString()), new JdbcOutputAdapter(part, target.options()));
      }
      Location own = target.partLocation(new AttemptKey("next-job", 0, 0, 1)).orElseThrow();
      load(new CsvInputAdapter(csv.toString()), new JdbcOutputAdapter(own, target.options()));
      List<String> staged = stagingTables(url);

      target.removeAbandoned("next-job", storage);

      assertThat(staged).hasSize(3);
      assertThat(SqliteLoadTest.dump(url, "users")).isEqualTo(before);
      assertThat(stagingTables(url)).containsExactly(StagingTables.named(own).orElseThrow().name());
    }
  }

  private static void load(CsvInputAdapter input, JdbcOutputAdapter output) throws Exception {
    try (StorageFactory storage = StorageFactory.defaults()) {
      PipeReport report =
          Pipe.builder()
              .input(input)
              .output(output)
              .executor(new SingleThreadExecutor(16))
              .storage(storage)
              .build()
              .run();
      assertThat(report.status())
          .as(String.valueOf(report.exception()))
          .isEqualTo(PipeStatus.COMPLETED);
    }
  }

  private static List<String> stagingTables(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE"
                    + " 'zoopipe_stage_%' ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
