package io.zoopipe.format.jdbc;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Batched {@code INSERT}s, {@code batch_size} rows per round trip, with {@code ON CONFLICT (key) DO
 * UPDATE} for upserts. Values are bound typed; what a database cannot take as it is (an {@code
 * Instant}, a structure, a {@code java.time} value on SQLite) is converted first. Not thread-safe.
 */
final class InsertWriter implements RowWriter {
  private final PreparedStatement statement;
  private final List<String> columns;
  private final SqlDialect dialect;
  private final int batchSize;
  private int pending;

  InsertWriter(
      Connection connection,
      String table,
      String quote,
      List<String> columns,
      List<SqlName> key,
      SqlDialect dialect,
      int batchSize)
      throws SQLException {
    this.columns = List.copyOf(columns);
    this.dialect = dialect;
    this.batchSize = batchSize;
    this.statement = connection.prepareStatement(sql(table, quote, columns, key));
  }

  static String sql(String table, String quote, List<String> columns, List<SqlName> key) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(TableColumns.quote(columns.get(i), quote));
      values.append(i == 0 ? "?" : ", ?");
    }
    sql.append(") VALUES (").append(values).append(')');
    if (!key.isEmpty()) {
      sql.append(" ON CONFLICT (");
      for (int i = 0; i < key.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(key.get(i).quoted(quote));
      }
      sql.append(") DO ");
      List<String> keyNames = key.stream().map(SqlName::name).toList();
      StringBuilder updates = new StringBuilder();
      for (String column : columns) {
        if (!keyNames.contains(column)) {
          String quoted = TableColumns.quote(column, quote);
          updates.append(updates.length() == 0 ? "" : ", ");
          updates.append(quoted).append(" = excluded.").append(quoted);
        }
      }
      sql.append(updates.length() == 0 ? "NOTHING" : "UPDATE SET " + updates);
    }
    return sql.toString();
  }

  @Override
  public void write(List<Map<String, @Nullable Object>> rows) throws SQLException {
    for (Map<String, @Nullable Object> row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        statement.setObject(i + 1, bindable(row.get(columns.get(i))));
      }
      statement.addBatch();
      if (++pending >= batchSize) {
        flush();
      }
    }
  }

  @Override
  public void flush() throws SQLException {
    if (pending > 0) {
      statement.executeBatch();
      pending = 0;
    }
  }

  @Override
  public void close() {
    try {
      statement.close();
    } catch (SQLException e) {
      // The statement's transaction is committed or rolled back by the sink, which reports.
    }
  }

  private @Nullable Object bindable(@Nullable Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    if (value instanceof Character || (value instanceof UUID && dialect != SqlDialect.POSTGRESQL)) {
      return value.toString();
    }
    if (value instanceof BigInteger integer) {
      return new java.math.BigDecimal(integer);
    }
    if (value instanceof Instant instant) {
      value = instant.atOffset(ZoneOffset.UTC);
    }
    if (value instanceof Temporal && dialect == SqlDialect.SQLITE) {
      return value.toString();
    }
    if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
      try {
        return RecordValues.JSON.writeValueAsString(value);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("a value cannot be written as JSON: " + e, e);
      }
    }
    return value;
  }
}
