package io.zoopipe.format.jdbc;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's fast path: one {@code COPY table (columns) FROM STDIN (FORMAT csv)} for the whole
 * load, fed batch by batch as CSV. A null is an empty unquoted field and every text is quoted, so
 * that an empty string stays an empty string. Not thread-safe.
 */
final class CopyWriter implements RowWriter {
  private static final HexFormat HEX = HexFormat.of();

  private final CopyIn copy;
  private final List<String> columns;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
  private final StringBuilder line = new StringBuilder(256);

  CopyWriter(Connection connection, String table, String quote, List<String> columns)
      throws SQLException {
    this.columns = List.copyOf(columns);
    StringBuilder sql = new StringBuilder("COPY ").append(table).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(TableColumns.quote(columns.get(i), quote));
    }
    sql.append(") FROM STDIN (FORMAT csv)");
    this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString());
  }

  @Override
  public void write(List<Map<String, @Nullable Object>> rows) throws SQLException {
    buffer.reset();
    for (Map<String, @Nullable Object> row : rows) {
      line.setLength(0);
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        append(row.get(columns.get(i)));
      }
      line.append('\n');
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      buffer.write(bytes, 0, bytes.length);
    }
    copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
  }

  @Override
  public void flush() throws SQLException {
    if (copy.isActive()) {
      copy.endCopy();
    }
  }

  @Override
  public void close() {
    try {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException e) {
      // Giving up a load: the sink rolls the transaction back and reports the failure.
    }
  }

  private void append(@Nullable Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Number || value instanceof Boolean) {
      line.append(value instanceof BigDecimal decimal ? decimal.toPlainString() : value);
      return;
    }
    String text;
    if (value instanceof byte[] bytes) {
      text = "\\x" + HEX.formatHex(bytes);
    } else if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
      try {
        text = RecordValues.JSON.writeValueAsString(value);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("a value cannot be written as JSON: " + e, e);
      }
    } else if (value instanceof Enum<?> constant) {
      text = constant.name();
    } else {
      text = value.toString();
    }
    line.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        line.append('"');
      }
      line.append(c);
    }
    line.append('"');
  }
}
