package io.zoopipe.format.jdbc;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.AssembledOutput;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.AttemptKey;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into a database table ({@link JdbcOptions#table()}) in one transaction, in the
 * {@link WriteMode} its options say: batched inserts everywhere, {@code COPY} on PostgreSQL, {@code
 * INSERT ... ON CONFLICT} for upserts on PostgreSQL and SQLite (other databases: not supported,
 * said before anything runs). An immutable value; thread-safe.
 */
public final class JdbcOutputAdapter implements AssembledOutput {
  private final Location location;
  private final JdbcOptions options;
  private final SqlName table;
  private final @Nullable SqlName staging;
  private static final Logger logger = LoggerFactory.getLogger(JdbcOutputAdapter.class);

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
    this.staging = StagingTables.named(location).orElse(null);
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
        JdbcInputAdapter.storage(storage).connectToWrite(location, options.credentials());
    try {
      return staging == null
          ? new JdbcOutputSink(connection, location, options, table, context)
          : JdbcOutputSink.part(connection, location, options, table, staging, context);
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

  /** The same output, to be written by the shard whose part location names a staging table. */
  @Override
  public OutputAdapter asPart() {
    return this;
  }

  /** A staging table in the target's database and schema ({@link StagingTables}). */
  @Override
  public Optional<Location> partLocation(AttemptKey key) {
    return Optional.of(
        StagingTables.location(
            location, StagingTables.table(table, key.jobId(), key.shardIndex(), key.attempt())));
  }

  /** Drops the staging tables of {@link #table} that other jobs left ({@link StagingTables}). */
  @Override
  public void removeAbandoned(String jobId, StorageFactory storage) throws IOException {
    try (Connection connection =
        JdbcInputAdapter.storage(storage).connectToWrite(location, options.credentials())) {
      String quote = JdbcInputAdapter.quote(connection, location);
      String own = StagingTables.jobPrefix(table, jobId);
      for (SqlName dead : StagingTables.list(connection, table, StagingTables.prefix(table))) {
        if (!dead.name().startsWith(own)) {
          Tables.execute(connection, "DROP TABLE IF EXISTS " + dead.quoted(quote));
          logger.info("Job {}: dropped {}, left by a job that did not finish", jobId, dead);
        }
      }
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "dropping staging tables of " + table, e);
    }
  }

  /**
   * Stages the load of the parts (staging tables, in shard order) into the table: moved in one
   * transaction that {@link StagedOutput#publish()} commits ({@link TableAssembly}).
   */
  @Override
  public StagedOutput assemble(
      List<Location> parts, Location destination, Location workDirectory, StorageFactory storage)
      throws IOException {
    List<SqlName> tables = new ArrayList<>();
    for (Location part : parts) {
      tables.add(
          StagingTables.named(part)
              .orElseThrow(() -> new IOException(part + " does not name a staging table")));
    }
    // The committer's work directory is <destination>.zoopipe-<job>: the job's staging tables,
    // empty ones included, are dropped with the load.
    String directory = workDirectory.path();
    String jobId = directory.substring(directory.lastIndexOf(".zoopipe-") + ".zoopipe-".length());
    Connection connection =
        JdbcInputAdapter.storage(storage).connectToWrite(location, options.credentials());
    return TableAssembly.stage(
        connection, location, options, table, tables, StagingTables.jobPrefix(table, jobId));
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
