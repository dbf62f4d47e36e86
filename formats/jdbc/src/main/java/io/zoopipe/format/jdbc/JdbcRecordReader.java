package io.zoopipe.format.jdbc;

import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Streams the rows of one statement through a cursor: auto-commit off (PostgreSQL keeps a cursor
 * only inside a transaction) and a fetch size, so that the driver holds one fetch of rows at a
 * time. Each row becomes an entry of typed values, read on the reader thread. Not thread-safe;
 * closing it rolls the read-only transaction back and closes the connection.
 */
final class JdbcRecordReader implements RecordReader {
  private final Connection connection;
  private final PreparedStatement statement;
  private final ResultSet rows;
  private final List<String> columns;
  private final List<ColumnReader> readers;
  private final Location location;
  private final long startOffset;
  private final long endOffset;
  private long position;
  private boolean done;

  /**
   * @param snapshot a PostgreSQL snapshot to read in (a planned shard's), or null
   * @param startOffset what {@link #startOffset()} reports (a planned shard's range start)
   * @param endOffset what {@link #endOffset()} reports
   * @param parameters the values of the statement's {@code ?}
   */
  JdbcRecordReader(
      Connection connection,
      String sql,
      int fetchSize,
      Location location,
      @Nullable String snapshot,
      long startOffset,
      long endOffset,
      List<Object> parameters)
      throws IOException {
    this.location = location;
    this.connection = connection;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
    try {
      connection.setAutoCommit(false);
      if (snapshot != null) {
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (java.sql.Statement set = connection.createStatement()) {
          // Validated as hexadecimal digits and dashes by JdbcOptions.
          set.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
        }
      }
      statement =
          connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      statement.setFetchSize(fetchSize);
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      rows = statement.executeQuery();
      ResultSetMetaData metadata = rows.getMetaData();
      List<String> names = new ArrayList<>();
      List<ColumnReader> columnReaders = new ArrayList<>();
      for (int i = 1; i <= metadata.getColumnCount(); i++) {
        names.add(metadata.getColumnLabel(i));
        columnReaders.add(ColumnReader.of(metadata, i));
      }
      columns = List.copyOf(names);
      readers = List.copyOf(columnReaders);
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "reading", e);
    }
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public @Nullable RawBatch next(int maxRecords) throws IOException {
    if (done) {
      return null;
    }
    List<Entry> entries = new ArrayList<>(Math.min(maxRecords, 4096));
    try {
      while (entries.size() < maxRecords && rows.next()) {
        Map<String, Object> values = new LinkedHashMap<>(columns.size() * 2);
        for (int i = 0; i < readers.size(); i++) {
          values.put(columns.get(i), readers.get(i).read(rows, i + 1));
        }
        entries.add(new Entry(values, position++, -1, null));
      }
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "reading row " + position, e);
    }
    if (entries.size() < maxRecords) {
      done = true;
    }
    if (entries.isEmpty()) {
      return null;
    }
    return new RowBatch(entries);
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  public long expectedBytes() {
    return -1;
  }

  @Override
  public long startOffset() {
    return startOffset;
  }

  @Override
  public long endOffset() {
    return endOffset;
  }

  @Override
  public void close() throws IOException {
    try (connection;
        statement;
        rows) {
      connection.rollback();
    } catch (SQLException e) {
      throw JdbcErrors.io(location, "closing", e);
    }
  }

  /** Rows already decoded by the reader thread into typed values. */
  private static final class RowBatch implements RawBatch {
    private final List<Entry> entries;

    RowBatch(List<Entry> entries) {
      this.entries = entries;
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    public List<Entry> decode(ColumnSet columns) {
      return entries;
    }
  }
}
