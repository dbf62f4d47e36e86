package io.zoopipe.format.jdbc;

import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Loads records into one table inside one transaction: the table is created or emptied as the mode
 * says when the first batch arrives (or at the end, when none does), rows go through {@code COPY}
 * or batched inserts, and nothing is visible to other sessions until {@link StagedOutput#publish()}
 * commits. {@link #abort()} rolls everything back, the table's creation included. {@link #encode}
 * is thread-safe; the rest is the writer thread's.
 */
final class JdbcOutputSink implements OutputSink {
  private final Connection connection;
  private final Location location;
  private final JdbcOptions options;
  private final SqlName table;
  private final OutputContext context;
  private final SqlDialect dialect;
  private final String quote;
  private final boolean existed;
  private @Nullable RowWriter writer;
  private long written;
  private boolean ended;

  JdbcOutputSink(
      Connection connection,
      Location location,
      JdbcOptions options,
      SqlName table,
      OutputContext context)
      throws IOException {
    this(connection, location, options, table, null, context);
  }

  /**
   * A shard's part: {@code staging} is created afresh, shaped like {@code target} when that exists,
   * and loaded without upsert; the load's commit makes it complete for the manager.
   */
  static JdbcOutputSink part(
      Connection connection,
      Location location,
      JdbcOptions options,
      SqlName target,
      SqlName staging,
      OutputContext context)
      throws IOException {
    JdbcOptions append =
        new JdbcOptions(
            staging,
            null,
            options.fetchSize(),
            options.batchSize(),
            WriteMode.APPEND,
            List.of(),
            options.copy(),
            null,
            options.credentials(),
            null,
            null);
    return new JdbcOutputSink(connection, location, append, staging, target, context);
  }

  private JdbcOutputSink(
      Connection connection,
      Location location,
      JdbcOptions options,
      SqlName table,
      @Nullable SqlName target,
      OutputContext context)
      throws IOException {
    this.connection = connection;
    this.location = location;
    this.options = options;
    this.table = table;
    this.context = context;
    this.dialect = SqlDialect.of(StagingTables.url(location));
    this.quote = JdbcInputAdapter.quote(connection, location);
    try {
      connection.setAutoCommit(false);
      if (target != null) {
        // A retried attempt never reuses a table, but a table of this name may be left over.
        Tables.execute(connection, "DROP TABLE IF EXISTS " + table.quoted(quote));
        if (Tables.exists(connection, target.quoted(quote))) {
          Tables.execute(
              connection,
              "CREATE TABLE "
                  + table.quoted(quote)
                  + " AS SELECT * FROM "
                  + target.quoted(quote)
                  + " WHERE 1 = 0");
        }
      }
      existed = Tables.exists(connection, table.quoted(quote));
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "table " + table, e);
    }
    if (existed && options.mode() == WriteMode.CREATE) {
      throw new IOException(
          location
              + ": table "
              + table
              + " already exists (mode create); use mode append,"
              + " replace or upsert");
    }
  }

  @Override
  public EncodedBatch encode(List<?> records) {
    List<Map<String, @Nullable Object>> rows = new ArrayList<>(records.size());
    List<Object> originals = new ArrayList<>(Math.min(1, records.size()));
    for (Object record : records) {
      rows.add(RecordValues.of(record, context.inputColumns()));
      if (originals.isEmpty()) {
        originals.add(record);
      }
    }
    return new Rows(rows, originals.isEmpty() ? null : originals.get(0));
  }

  @Override
  public void write(EncodedBatch batch) throws IOException {
    Rows rows = (Rows) batch;
    if (rows.values().isEmpty()) {
      return;
    }
    try {
      RowWriter current = writer != null ? writer : start(rows.first());
      current.write(rows.values());
      written += rows.values().size();
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "loading table " + table, e);
    }
  }

  @Override
  public StagedOutput stage() throws IOException {
    try {
      RowWriter current = writer != null ? writer : start(null);
      current.flush();
      current.close();
    } catch (SQLException e) {
      abort();
      throw JdbcErrors.io(location, "loading table " + table, e);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    return new StagedOutput() {
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
          throw JdbcErrors.io(location, "committing the load of " + table, e);
        } finally {
          JdbcInputAdapter.closeQuietly(connection);
        }
      }

      @Override
      public void discard() {
        abort();
      }
    };
  }

  @Override
  public void finish() throws IOException {
    stage().publish();
  }

  @Override
  public void abort() {
    if (ended) {
      return;
    }
    ended = true;
    if (writer != null) {
      writer.close();
    }
    try {
      connection.rollback();
    } catch (SQLException e) {
      // Closing the connection without a commit rolls back as well.
    }
    JdbcInputAdapter.closeQuietly(connection);
  }

  @Override
  public long recordsWritten() {
    return written;
  }

  /** Creates or empties the table as the mode says, then opens the row writer. */
  private RowWriter start(@Nullable Object first) throws SQLException, IOException {
    TableColumns columns = TableColumns.of(first, context.schema(), context.inputColumns());
    String target = table.quoted(quote);
    if (!existed) {
      if (columns.isEmpty()) {
        throw new IOException(
            location
                + ": cannot create table "
                + table
                + ": no columns are known (no schema,"
                + " no input columns, no records)");
      }
      Tables.execute(connection, columns.createTable(target, dialect, quote, options.key()));
    } else if (options.mode() == WriteMode.REPLACE) {
      Tables.execute(connection, dialect.emptyTable(target));
    }
    writer =
        useCopy()
            ? new CopyWriter(connection, target, quote, columns.names())
            : new InsertWriter(
                connection,
                target,
                quote,
                columns.names(),
                options.key(),
                dialect,
                options.batchSize());
    return writer;
  }

  private boolean useCopy() {
    return switch (options.copy()) {
      case "true" -> true;
      case "false" -> false;
      default -> dialect.hasCopy() && options.mode() != WriteMode.UPSERT;
    };
  }

  /** A batch as column values, with its first record (which fixes the columns of a new table). */
  private record Rows(List<Map<String, @Nullable Object>> values, @Nullable Object first)
      implements EncodedBatch {
    @Override
    public int count() {
      return values.size();
    }
  }
}
