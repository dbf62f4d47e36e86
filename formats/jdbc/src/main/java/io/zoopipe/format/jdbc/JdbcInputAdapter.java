package io.zoopipe.format.jdbc;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Reads a table or the rows of a query through a JDBC cursor, {@code fetch_size} rows per round
 * trip, never the whole result in memory. Values come typed as the driver gives them (numbers,
 * {@code java.time} dates and times, byte arrays) and bind to a schema without a detour through
 * text. An immutable value; thread-safe. Not splittable by byte range: a manager shards it by key
 * ranges ({@link JdbcOptions#shardColumn()}).
 */
public final class JdbcInputAdapter implements InputAdapter {
  private final Location location;
  private final JdbcOptions options;
  private final ByteRange range;

  /**
   * @throws IllegalArgumentException when {@code location} is not a database or {@code options}
   *     name neither a table nor a query
   */
  public JdbcInputAdapter(Location location, JdbcOptions options) {
    this(location, options, ByteRange.ALL);
  }

  private JdbcInputAdapter(Location location, JdbcOptions options, ByteRange range) {
    this.location = requireNonNull(location, "location is null");
    this.options = requireNonNull(options, "options are null");
    this.range = requireNonNull(range, "range is null");
    if (!location.isDatabase()) {
      throw new IllegalArgumentException(location + " is not a JDBC URL (jdbc:...)");
    }
    if (options.table() == null && options.query() == null) {
      throw new IllegalArgumentException("a JDBC input needs a table or a query");
    }
  }

  /** Reads {@code table} of the database at {@code url} with default options. */
  public static JdbcInputAdapter table(String url, String table) {
    return new JdbcInputAdapter(
        Location.parse(url),
        JdbcOptions.parse(
            io.zoopipe.common.format.FormatOptions.none().with(JdbcOptions.TABLE, table)));
  }

  public JdbcOptions options() {
    return options;
  }

  @Override
  public RecordReader open(StorageFactory storage) throws IOException {
    Connection connection = storage(storage).connect(location, options.credentials());
    try {
      KeyRange shard = options.shard();
      SqlDialect dialect = SqlDialect.of(location.path());
      return new JdbcRecordReader(
          connection,
          select(connection),
          options.fetchSize(),
          location,
          options.snapshot(),
          range.isAll() ? 0 : range.start(),
          range.isAll() ? 0 : range.end(),
          shard == null ? List.of() : shard.parameters(dialect));
    } catch (IOException | RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /**
   * Connects, and prepares the statement without running it: a missing table, a query that does not
   * compile and a refused password all fail here, in one line.
   */
  @Override
  public void checkReadable(StorageFactory storage) throws IOException {
    try (Connection connection = storage(storage).connect(location, options.credentials())) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(select(connection))) {
        // PostgreSQL parses a prepared statement when it first runs: describe it to be sure.
        ResultSetMetaData columns = statement.getMetaData();
        SqlName shardColumn = options.shardColumn();
        if (shardColumn != null) {
          ReadPlan.requireColumn(
              columns, shardColumn, SqlDialect.of(StagingTables.url(location)), location);
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw JdbcErrors.io(location, options.source(), e);
    }
  }

  /**
   * Whether this is one shard of a plan ({@link JdbcFormat#planShards}): only those are read by
   * range, the numbered range {@code [i, i + 1)} the plan gave them.
   */
  @Override
  public boolean isSplittable() {
    return options.shard() != null;
  }

  /** The same planned shard, reporting {@code range} as where it started and ended. */
  @Override
  public InputAdapter withRange(ByteRange newRange, boolean exactStart) {
    if (!isSplittable()) {
      return InputAdapter.super.withRange(newRange, exactStart);
    }
    return new JdbcInputAdapter(location, options, newRange);
  }

  @Override
  public Optional<Location> location() {
    return Optional.of(location);
  }

  @Override
  public String describe() {
    return "jdbc " + options.source() + " of " + location;
  }

  /** The statement this reader runs: the table or query, restricted to its shard's key range. */
  String select(Connection connection) throws IOException {
    KeyRange shard = options.shard();
    SqlName column = options.shardColumn();
    String condition =
        shard == null || column == null
            ? ""
            : shard.condition(column.quoted(quote(connection, location)));
    String query = options.query();
    if (query != null && condition.isEmpty()) {
      return query;
    }
    return "SELECT * FROM "
        + source(connection)
        + (condition.isEmpty() ? "" : " WHERE " + condition);
  }

  /** What a statement selects from: the quoted table, or the query as a derived table. */
  String source(Connection connection) throws IOException {
    String query = options.query();
    if (query != null) {
      return "(" + query + ") zoopipe_source";
    }
    return requireNonNull(options.table()).quoted(quote(connection, location));
  }

  static String quote(Connection connection, Location location) throws IOException {
    try {
      String quote = connection.getMetaData().getIdentifierQuoteString();
      return quote == null || quote.isBlank() ? "\"" : quote.strip();
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "reading the driver's metadata", e);
    }
  }

  static JdbcStorage storage(StorageFactory storage) {
    io.zoopipe.common.io.Storage served =
        storage.forLocation(new Location(Location.JDBC, "", "jdbc:"));
    if (served instanceof JdbcStorage jdbc) {
      return jdbc;
    }
    throw new IllegalArgumentException(
        "jdbc: locations are served by " + served + ", not by a JdbcStorage");
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing after a failure: the failure is what the caller reports.
    }
  }
}
