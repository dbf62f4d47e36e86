package io.zoopipe.format.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.ShardPlan;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key-range shards: for 1 to 4 shards, over NULL keys and keys skewed to one end, the shards of a
 * plan read every row exactly once, each reporting the numbered range it was given.
 */
class ShardedReadTest {
  private static final int ROWS = 1_000;

  @TempDir Path dir;

  @Test
  void sqliteShardsReadEveryRowOnceWithNullAndSkewedKeys() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("k.db");
    try (Connection connection = DriverManager.getConnection(url)) {
      fill(connection);
    }
    try (StorageFactory storage = StorageFactory.defaults()) {
      everyRowOnce(url, storage, Map.of("table", "items"));
      everyRowOnce(url, storage, Map.of("query", "SELECT id, k FROM items WHERE id >= 0"));
    }
  }

  @Test
  void postgresShardsReadEveryRowOnceInOneExportedSnapshot() throws Exception {
    String url = TestPostgres.newDatabase();
    try (Connection connection = TestPostgres.connect(url)) {
      fill(connection);
    }
    try (StorageFactory storage = PostgresLoadTest.storage()) {
      everyRowOnce(url, storage, Map.of("table", "items"));

      ShardPlan plan = plan(url, storage, Map.of("table", "items"), 3);
      // Rows added after planning are not seen: every shard reads the plan's snapshot.
      try (Connection connection = TestPostgres.connect(url);
          Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO items VALUES (5000, 1), (5001, NULL)");
      }
      assertThat(readAll(plan, storage)).hasSize(ROWS);
    }
  }

  @Test
  void aTableWithoutAShardColumnIsOneShardAndThePlanSaysSo() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("one.db");
    try (Connection connection = DriverManager.getConnection(url)) {
      fill(connection);
    }
    try (StorageFactory storage = StorageFactory.defaults()) {
      DataDescription input =
          new DataDescription(
              Location.parse(url), "jdbc", FormatOptions.of(Map.of("table", "items")));

      ShardPlan plan =
          new JdbcFormat().planShards(input, input.toInput(), storage, 4).orElseThrow();

      assertThat(plan.ranges()).hasSize(1);
      assertThat(plan.note()).contains("one shard").contains("--shard-column");
      assertThat(readAll(plan, storage)).hasSize(ROWS);
    }
  }

  @Test
  void aShardColumnMissingFromTheTableIsRefusedNotReadAsAString() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("missing.db");
    try (Connection connection = DriverManager.getConnection(url)) {
      fill(connection);
    }
    try (StorageFactory storage = StorageFactory.defaults()) {
      // SQLite reads a double-quoted name that matches no column as a string literal.
      DataDescription input =
          new DataDescription(
              Location.parse(url),
              "jdbc",
              FormatOptions.of(Map.of("table", "items", "shard_column", "nope")));

      assertThatThrownBy(() -> input.toInput().checkReadable(storage))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("no column nope");
      assertThatThrownBy(() -> new JdbcFormat().planShards(input, input.toInput(), storage, 4))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("no column nope");
    }
  }

  private static void everyRowOnce(String url, StorageFactory storage, Map<String, String> source)
      throws Exception {
    for (int shards = 1; shards <= 4; shards++) {
      ShardPlan plan = plan(url, storage, source, shards);

      List<Long> ids = readAll(plan, storage);

      assertThat(plan.ranges()).hasSizeLessThanOrEqualTo(shards);
      assertThat(ids).as("%d shards of %s", shards, source).hasSize(ROWS).doesNotHaveDuplicates();
    }
  }

  private static ShardPlan plan(
      String url, StorageFactory storage, Map<String, String> source, int shards) throws Exception {
    FormatOptions options = FormatOptions.of(source).with("shard_column", "k");
    DataDescription input = new DataDescription(Location.parse(url), "jdbc", options);
    return new JdbcFormat().planShards(input, input.toInput(), storage, shards).orElseThrow();
  }

  private static List<Long> readAll(ShardPlan plan, StorageFactory storage) throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < plan.ranges().size(); i++) {
      ByteRange range = plan.ranges().get(i);
      InputAdapter shard = plan.inputs().forShard(i).toInput().withRange(range, true);
      try (RecordReader reader = shard.open(storage)) {
        for (RawBatch batch = reader.next(100); batch != null; batch = reader.next(100)) {
          for (Entry entry : batch.decode(ColumnSet.all())) {
            ids.add(((Number) entry.rawData().get("id")).longValue());
          }
        }
        assertThat(reader.startOffset()).isEqualTo(range.start());
        assertThat(reader.endOffset()).isEqualTo(range.end());
      }
    }
    return ids;
  }

  /** Keys: a tenth NULL, most piled at the low end, a few far out at the high end. */
  private static void fill(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, k BIGINT)");
    }
    connection.setAutoCommit(false);
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
      for (int i = 0; i < ROWS; i++) {
        insert.setLong(1, i);
        if (i % 10 == 0) {
          insert.setObject(2, null);
        } else {
          insert.setLong(2, i % 97 == 0 ? 1_000_000L + i : i % 13);
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
    connection.commit();
  }
}
