package io.zoopipe.format.jdbc;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Writes records into a database table ({@link JdbcOptions#table()}) in one transaction, in the
 * {@link WriteMode} its options say: batched inserts everywhere, {@code COPY} on PostgreSQL, {@code
 * INSERT ... ON CONFLICT} for upserts on PostgreSQL and SQLite (other databases: not supported,
 * said before anything runs). An immutable value; thread-safe.
 */
public final class JdbcOutputAdapter implements OutputAdapter {
  private final Location location;
  private final JdbcOptions options;
  private final SqlName table;

  /**
   * @throws IllegalArgumentException when {@code location} is not a database, no table is named, or
   *     the mode is upsert on a database without one
   */
  public JdbcOutputAdapter(Location location, JdbcOptions options) {
    this.location = requireNonNull(location, "location is null");
    this.options = requireNonNull(options, "options are null");
    if (!location.isDatabase()) {
      throw new IllegalArgumentException(location + " is not a JDBC URL (jdbc:...)");
    }
    if (options.query() != null) {
      throw new IllegalArgumentException("a JDBC output writes a table, not a query");
    }
    this.table = options.requireTable();
    if (options.mode() == WriteMode.UPSERT && !SqlDialect.of(location.path()).hasUpsert()) {
      throw new IllegalArgumentException(
          "mode upsert is not supported on "
              + location
              + " (PostgreSQL and SQLite only); use append or replace");
    }
    if (options.copy().equals("true") && !SqlDialect.of(location.path()).hasCopy()) {
      throw new IllegalArgumentException("copy=true needs PostgreSQL, not " + location);
    }
  }

  /** Writes {@code table} of the database at {@code url} in {@code mode}. */
  public static JdbcOutputAdapter table(String url, String table, WriteMode mode) {
    return new JdbcOutputAdapter(
        Location.parse(url),
        JdbcOptions.parse(
            FormatOptions.none()
                .with(JdbcOptions.TABLE, table)
                .with(JdbcOptions.MODE, mode.optionValue())));
  }

  public JdbcOptions options() {
    return options;
  }

  @Override
  public OutputSink open(StorageFactory storage, OutputContext context) throws IOException {
    Connection connection =
        JdbcInputAdapter.storage(storage).connect(location, options.credentials());
    try {
      return new JdbcOutputSink(connection, location, options, table, context);
    } catch (IOException | RuntimeException e) {
      JdbcInputAdapter.closeQuietly(connection);
      throw e;
    }
  }

  /** Connects; with mode create, checks that the table is not there yet. */
  @Override
  public void checkWritable(StorageFactory storage) throws IOException {
    try (Connection connection =
        JdbcInputAdapter.storage(storage).connect(location, options.credentials())) {
      connection.setAutoCommit(false);
      boolean exists =
          Tables.exists(connection, table.quoted(JdbcInputAdapter.quote(connection, location)));
      connection.rollback();
      if (exists && options.mode() == WriteMode.CREATE) {
        throw new IOException(
            "table " + table + " already exists (mode create); use mode append, replace or upsert");
      }
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "table " + table, e);
    }
  }

  @Override
  public Optional<Location> location() {
    return Optional.of(location);
  }

  @Override
  public String describe() {
    return "jdbc table " + table + " of " + location;
  }
}
