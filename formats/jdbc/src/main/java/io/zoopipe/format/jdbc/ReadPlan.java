package io.zoopipe.format.jdbc;

import io.zoopipe.common.format.ShardPlan;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the shards of a JDBC read on the manager: without a shard column one shard (and the note
 * says so); with one, {@code SELECT MIN, MAX} and equal key ranges ({@link KeyRangePlanner}), each
 * shard a query of its own. On PostgreSQL the plan is made in a {@code REPEATABLE READ} transaction
 * whose snapshot is exported ({@code pg_export_snapshot()}) and imported by every shard, so that a
 * sharded read sees one consistent state; the exporting connection is held open, on a daemon
 * thread, for {@link #SNAPSHOT_HOLD_HOURS} hours or until this JVM ends. Elsewhere shards read at
 * different moments. Stateless.
 */
final class ReadPlan {
  static final long SNAPSHOT_HOLD_HOURS = 6;
  private static final Logger logger = LoggerFactory.getLogger(ReadPlan.class);

  private ReadPlan() {}

  static ShardPlan plan(
      DataDescription input, JdbcInputAdapter adapter, JdbcStorage storage, int shards)
      throws IOException {
    JdbcOptions options = adapter.options();
    Location location = input.location();
    SqlName column = options.shardColumn();
    if (column == null) {
      return single(input, "", "read as one shard: name a key column (--shard-column) to split it");
    }
    SqlDialect dialect = SqlDialect.of(location.path());
    Connection connection = storage.connect(location, options.credentials());
    boolean keep = false;
    try {
      connection.setAutoCommit(false);
      String snapshot = "";
      if (dialect == SqlDialect.POSTGRESQL) {
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        snapshot = single(connection, "SELECT pg_export_snapshot()").toString();
      }
      String quote = JdbcInputAdapter.quote(connection, location);
      String source = adapter.source(connection);
      String quoted = column.quoted(quote);
      try (Statement statement = connection.createStatement();
          ResultSet none = statement.executeQuery("SELECT * FROM " + source + " WHERE 1 = 0")) {
        requireColumn(none.getMetaData(), column, dialect, location);
      }
      @Nullable Object[] range =
          pair(connection, "SELECT MIN(" + quoted + "), MAX(" + quoted + ") FROM " + source);
      List<KeyRange> ranges = KeyRangePlanner.plan(range[0], range[1], shards);
      String note = "";
      if (ranges.size() == 1) {
        note =
            "read as one shard: "
                + column
                + " holds no range to cut ("
                + (range[0] == null ? "no keys" : "min " + range[0] + ", max " + range[1])
                + "; numbers and dates can be cut)";
      } else if (ranges.size() < shards) {
        note = ranges.size() + " key ranges of " + column + ", not " + shards;
      }
      if (dialect == SqlDialect.GENERIC && ranges.size() > 1) {
        note +=
            (note.isEmpty() ? "" : "; ")
                + "shards read at different moments (no shared snapshot on this database)";
      }
      // A snapshot is imported only while its exporting transaction lives: held for many shards.
      String exported = ranges.size() > 1 ? snapshot : "";
      ShardPlan plan =
          new ShardPlan(
              ShardPlan.numbered(ranges.size()),
              index -> withShard(input, ranges.get(index), exported),
              note);
      if (!exported.isEmpty()) {
        hold(connection, location);
        keep = true;
      }
      return plan;
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "planning shards by " + column, e);
    } finally {
      if (!keep) {
        JdbcInputAdapter.closeQuietly(connection);
      }
    }
  }

  /**
   * Fails unless {@code columns} holds {@code column}: SQLite would read a quoted name that matches
   * no column as a string, and so a misspelt shard column as a key with a single value.
   */
  static void requireColumn(
      @Nullable ResultSetMetaData columns, SqlName column, SqlDialect dialect, Location location)
      throws SQLException, IOException {
    if (columns == null) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= columns.getColumnCount(); i++) {
      String name = columns.getColumnLabel(i);
      if (name.equals(column.name())
          || (dialect == SqlDialect.SQLITE && name.equalsIgnoreCase(column.name()))) {
        return;
      }
      names.add(name);
    }
    throw new IOException(
        location + ": no column " + column.name() + " to shard by (columns: " + names + ")");
  }

  private static ShardPlan single(DataDescription input, String snapshot, String note) {
    return new ShardPlan(
        ShardPlan.numbered(1), index -> withShard(input, KeyRange.whole(0), snapshot), note);
  }

  private static DataDescription withShard(DataDescription input, KeyRange range, String snapshot) {
    var options = input.options().with(KeyRange.SHARD, range.optionValue());
    return input.withOptions(
        snapshot.isEmpty() ? options : options.with(JdbcOptions.SNAPSHOT, snapshot));
  }

  /** Keeps the exporting transaction, and so its snapshot, alive while shards import it. */
  private static void hold(Connection connection, Location location) {
    Thread holder =
        new Thread(
            () -> {
              try {
                TimeUnit.HOURS.sleep(SNAPSHOT_HOLD_HOURS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                JdbcInputAdapter.closeQuietly(connection);
                logger.debug("Released the exported snapshot of {}", location);
              }
            },
            "zoopipe-jdbc-snapshot");
    holder.setDaemon(true);
    holder.start();
  }

  private static Object single(Connection connection, String sql) throws SQLException {
    Object value = pair(connection, sql)[0];
    if (value == null) {
      throw new SQLException(sql + " returned NULL");
    }
    return value;
  }

  private static @Nullable Object[] pair(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      int count = rows.getMetaData().getColumnCount();
      @Nullable Object[] values = new @Nullable Object[count];
      for (int i = 0; i < count; i++) {
        values[i] = ColumnReader.of(rows.getMetaData(), i + 1).read(rows, i + 1);
      }
      return values;
    }
  }
}
