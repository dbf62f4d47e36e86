package io.zoopipe.format.jdbc;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commit of a sharded load: in one transaction, the target is created or emptied as the mode
 * says, the staging tables' rows are moved into it in shard order ({@code INSERT ... SELECT}, with
 * {@code ON CONFLICT} for upserts), and every staging table of the job is dropped. {@link
 * #publish()} is the {@code COMMIT}; {@link #discard()} rolls back and drops the job's staging
 * tables. Not thread-safe.
 */
final class TableAssembly implements StagedOutput {
  private final Connection connection;
  private final Location location;
  private final SqlName target;
  private final String jobPrefix;
  private boolean ended;

  private TableAssembly(
      Connection connection, Location location, SqlName target, String jobPrefix) {
    this.connection = connection;
    this.location = location;
    this.target = target;
    this.jobPrefix = jobPrefix;
  }

  /** Moves the rows of {@code parts} into {@code target}, uncommitted. */
  static TableAssembly stage(
      Connection connection,
      Location location,
      JdbcOptions options,
      SqlName target,
      List<SqlName> parts,
      String jobPrefix)
      throws IOException {
    TableAssembly assembly = new TableAssembly(connection, location, target, jobPrefix);
    try {
      connection.setAutoCommit(false);
      SqlDialect dialect = SqlDialect.of(StagingTables.url(location));
      String quote = JdbcInputAdapter.quote(connection, location);
      String quotedTarget = target.quoted(quote);
      boolean exists = Tables.exists(connection, quotedTarget);
      if (exists && options.mode() == WriteMode.CREATE) {
        throw new IOException(location + ": table " + target + " already exists (mode create)");
      }
      if (!parts.isEmpty()) {
        String first = parts.get(0).quoted(quote);
        if (!exists) {
          Tables.execute(
              connection,
              "CREATE TABLE " + quotedTarget + " AS SELECT * FROM " + first + " WHERE 1 = 0");
          if (!options.key().isEmpty()) {
            Tables.execute(
                connection,
                "CREATE UNIQUE INDEX "
                    + TableColumns.quote(target.name() + "_zoopipe_key", quote)
                    + " ON "
                    + quotedTarget
                    + " ("
                    + keyList(options.key(), quote)
                    + ")");
          }
        } else if (options.mode() == WriteMode.REPLACE) {
          Tables.execute(connection, dialect.emptyTable(quotedTarget));
        }
        List<String> columns = columns(connection, first);
        for (SqlName part : parts) {
          String insert = InsertWriter.sql(quotedTarget, quote, columns, options.key());
          String select =
              insert.replaceFirst(
                  "VALUES \\([?, ]*\\)",
                  // WHERE: SQLite reads ON CONFLICT after a bare FROM as a join's ON.
                  "SELECT "
                      + columnList(columns, quote)
                      + " FROM "
                      + part.quoted(quote)
                      + " WHERE 1 = 1");
          Tables.execute(connection, select);
        }
      } else if (exists && options.mode() == WriteMode.REPLACE) {
        Tables.execute(connection, dialect.emptyTable(quotedTarget));
      }
      dropJobTables(connection, target, jobPrefix, quote);
      return assembly;
    } catch (SQLException e) {
      assembly.discard();
      throw JdbcErrors.io(location, "moving the staging tables into " + target, e);
    } catch (IOException | RuntimeException e) {
      assembly.discard();
      throw e;
    }
  }

  @Override
  public Optional<StagedFile> file() {
    return Optional.empty();
  }

  @Override
  public void publish() throws IOException {
    try {
      connection.commit();
      ended = true;
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "committing the load of " + target, e);
    } finally {
      JdbcInputAdapter.closeQuietly(connection);
    }
  }

  @Override
  public void discard() {
    if (ended) {
      return;
    }
    ended = true;
    try {
      connection.rollback();
      connection.setAutoCommit(true);
      dropJobTables(connection, target, jobPrefix, JdbcInputAdapter.quote(connection, location));
    } catch (SQLException | IOException e) {
      // What stays behind is dropped by the next job into this table (StagingTables' rule).
    } finally {
      JdbcInputAdapter.closeQuietly(connection);
    }
  }

  static void dropJobTables(Connection connection, SqlName target, String prefix, String quote)
      throws SQLException {
    for (SqlName table : StagingTables.list(connection, target, prefix)) {
      Tables.execute(connection, "DROP TABLE IF EXISTS " + table.quoted(quote));
    }
  }

  private static List<String> columns(Connection connection, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData metadata = rows.getMetaData();
      for (int i = 1; i <= metadata.getColumnCount(); i++) {
        columns.add(metadata.getColumnName(i));
      }
    }
    return columns;
  }

  private static String columnList(List<String> columns, String quote) {
    StringBuilder list = new StringBuilder();
    for (String column : columns) {
      list.append(list.length() == 0 ? "" : ", ").append(TableColumns.quote(column, quote));
    }
    return list.toString();
  }

  private static String keyList(List<SqlName> key, String quote) {
    StringBuilder list = new StringBuilder();
    for (SqlName column : key) {
      list.append(list.length() == 0 ? "" : ", ").append(column.quoted(quote));
    }
    return list.toString();
  }
}
