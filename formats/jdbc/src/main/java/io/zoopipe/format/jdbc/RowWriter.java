package io.zoopipe.format.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Sends rows to a table on the load's connection. Not thread-safe: the writer thread's. */
interface RowWriter {
  /** Writes {@code rows}, whose values are keyed by column name. */
  void write(List<Map<String, @Nullable Object>> rows) throws SQLException;

  /** Sends whatever is buffered; the rows are then in the (uncommitted) transaction. */
  void flush() throws SQLException;

  /** Frees the statement; after {@link #flush}, or to give up. */
  void close();
}
