package io.zoopipe.format.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.io.Location;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers of one SQLite file, each in a transaction that reads before it writes (as a shard's
 * staging load does when it checks whether its table exists): the second waits for the first
 * instead of failing with SQLITE_BUSY.
 */
class SqliteWritersTest {
  @TempDir Path dir;

  @Test
  void aWriterThatReadsFirstWaitsForTheOtherWriterInsteadOfFailing() throws Exception {
    Location file = Location.parse("jdbc:sqlite:" + dir.resolve("shared.db"));
    JdbcStorage storage = new JdbcStorage(Map.of());
    try (Connection setup = storage.connectToWrite(file, JdbcCredentials.DEFAULT);
        Statement statement = setup.createStatement()) {
      statement.execute("CREATE TABLE t (shard INTEGER)");
    }
    CountDownLatch firstWrote = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);

    CompletableFuture<Void> first =
        CompletableFuture.runAsync(
            () -> {
              try (Connection connection = storage.connectToWrite(file, JdbcCredentials.DEFAULT)) {
                connection.setAutoCommit(false);
                count(connection);
                insert(connection, 1);
                firstWrote.countDown();
                secondStarted.await(10, TimeUnit.SECONDS);
                Thread.sleep(300); // the second is now beginning its transaction
                connection.commit();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    firstWrote.await(10, TimeUnit.SECONDS);
    try (Connection connection = storage.connectToWrite(file, JdbcCredentials.DEFAULT)) {
      secondStarted.countDown();
      connection.setAutoCommit(false);
      count(connection);
      insert(connection, 2);
      connection.commit();
    }
    first.get(30, TimeUnit.SECONDS);

    try (Connection connection = storage.connect(file, JdbcCredentials.DEFAULT)) {
      assertThat(count(connection)).isEqualTo(2);
    }
  }

  private static int count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void insert(Connection connection, int shard) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO t VALUES (" + shard + ")");
    }
  }
}
