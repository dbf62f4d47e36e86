package io.zoopipe.format.jdbc;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * The storage of {@code jdbc:} locations: it opens connections, with the credentials resolved
 * against the environment its {@link io.zoopipe.common.io.StorageFactory} was built with. A
 * database is not a byte store, and this storage says so honestly: {@link #exists} connects (so a
 * wrong password or an unreachable host fails before a run starts), {@link #size} is 0, and the
 * byte operations refuse. Thread-safe.
 */
public final class JdbcStorage implements Storage {
  private final Map<String, String> environment;

  public JdbcStorage(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * Opens a connection to {@code location} (a JDBC URL) with {@code credentials}. The caller closes
   * it.
   *
   * @throws IOException with a one-line message naming the masked URL when the connection fails
   */
  public Connection connect(Location location, JdbcCredentials credentials) throws IOException {
    return connect(location, credentials, false);
  }

  /**
   * As {@link #connect(Location, JdbcCredentials)}, for a connection that writes. On SQLite its
   * transactions take the file's write lock when they begin ({@code BEGIN IMMEDIATE}), so that
   * shards loading staging tables of one file queue on the busy timeout. A deferred transaction
   * that has read (whether a table exists, say) and then writes is refused at once with SQLITE_BUSY
   * when another writer holds the lock: waiting could deadlock, and SQLite does not.
   */
  public Connection connectToWrite(Location location, JdbcCredentials credentials)
      throws IOException {
    return connect(location, credentials, true);
  }

  private Connection connect(Location location, JdbcCredentials credentials, boolean writes)
      throws IOException {
    requireDatabase(location);
    String url = StagingTables.url(location);
    Properties properties = credentials.properties(environment);
    if (SqlDialect.of(url) == SqlDialect.POSTGRESQL) {
      // Multi-row INSERTs from batches, and text bound to typed columns as the server casts it.
      properties.putIfAbsent("reWriteBatchedInserts", "true");
      properties.putIfAbsent("stringtype", "unspecified");
    } else if (SqlDialect.of(url) == SqlDialect.SQLITE) {
      // One writer per file: shards loading staging tables of one file wait for each other.
      properties.putIfAbsent("busy_timeout", Integer.toString(10 * 60 * 1000));
      if (writes) {
        properties.putIfAbsent("transaction_mode", "IMMEDIATE");
      }
    }
    try {
      Driver plugin = pluginDriver(url);
      if (plugin != null) {
        Connection connection = plugin.connect(url, properties);
        if (connection != null) {
          return connection;
        }
      }
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "cannot connect", e);
    }
  }

  /**
   * A driver from a {@code --plugin} jar that takes {@code url}: such drivers are visible to the
   * thread's context class loader only, where {@link DriverManager} does not look.
   */
  private static @Nullable Driver pluginDriver(String url) throws SQLException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null || loader == JdbcStorage.class.getClassLoader()) {
      return null;
    }
    for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
      if (driver.getClass().getClassLoader() != JdbcStorage.class.getClassLoader()
          && driver.acceptsURL(url)) {
        return driver;
      }
    }
    return null;
  }

  /**
   * Whether a JDBC driver on the class path accepts the URL. Connecting needs the credentials of an
   * input or output, so the adapters check that ({@code checkReadable}, {@code checkWritable}).
   *
   * @throws IOException saying how to add a driver when none accepts it
   */
  @Override
  public boolean exists(Location location) throws IOException {
    requireDatabase(location);
    try {
      String url = StagingTables.url(location);
      if (pluginDriver(url) == null) {
        DriverManager.getDriver(url);
      }
      return true;
    } catch (SQLException e) {
      throw new IOException(
          location
              + ": no JDBC driver for this URL on the class path (SQLite and PostgreSQL are built"
              + " in; add another driver's jar with --plugin)",
          e);
    }
  }

  /** A database has no size in bytes: 0, so that byte ranges are never cut in it. */
  @Override
  public long size(Location location) {
    requireDatabase(location);
    return 0;
  }

  @Override
  public InputStream open(Location location, long start, long endHint) throws IOException {
    throw notBytes(location);
  }

  /** Nothing to check without a table: the output adapter checks the table it writes. */
  @Override
  public void checkWritable(Location location) {
    requireDatabase(location);
  }

  @Override
  public AtomicOutput create(Location location) throws IOException {
    throw notBytes(location);
  }

  /**
   * Drops the staging table a part location names ({@code url#table}), connecting with the default
   * credentials; refuses any other location. A staging table this cannot drop is dropped by the
   * next job into its target.
   */
  @Override
  public void delete(Location location) throws IOException {
    SqlName table = StagingTables.named(location).orElse(null);
    if (table == null || !table.name().startsWith(StagingTables.PREFIX)) {
      throw notBytes(location);
    }
    try (Connection connection = connect(location, JdbcCredentials.DEFAULT)) {
      Tables.execute(
          connection,
          "DROP TABLE IF EXISTS " + table.quoted(JdbcInputAdapter.quote(connection, location)));
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "dropping " + table, e);
    }
  }

  @Override
  public String toString() {
    return "JdbcStorage";
  }

  private static IOException notBytes(Location location) {
    return new IOException(
        location + " is a database, not a file: it is read and written as tables (format jdbc)");
  }

  private static void requireDatabase(Location location) {
    if (!location.isDatabase()) {
      throw new IllegalArgumentException(location + " is not a jdbc: location");
    }
  }
}
