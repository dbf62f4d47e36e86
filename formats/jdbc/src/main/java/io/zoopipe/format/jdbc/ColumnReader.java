package io.zoopipe.format.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads one column of a row as the Java value a schema binds: numbers, text, booleans and byte
 * arrays as the driver gives them; dates and times as {@code java.time} values ({@code LocalDate},
 * {@code LocalDateTime}, {@code OffsetDateTime} for a time zone); large objects materialised;
 * arrays as lists; any other driver object (a PostgreSQL {@code json}) as its text.
 */
@FunctionalInterface
interface ColumnReader {
  @Nullable Object read(ResultSet rows, int column) throws SQLException;

  static ColumnReader of(ResultSetMetaData metadata, int column) throws SQLException {
    int type = metadata.getColumnType(column);
    String typeName = String.valueOf(metadata.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
    if (type == Types.TIMESTAMP_WITH_TIMEZONE || typeName.equals("timestamptz")) {
      return (rows, i) -> rows.getObject(i, OffsetDateTime.class);
    }
    return (rows, i) -> normalise(rows.getObject(i));
  }

  private static @Nullable Object normalise(@Nullable Object value) throws SQLException {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime();
    }
    if (value instanceof Clob clob) {
      return clob.getSubString(1, Math.toIntExact(clob.length()));
    }
    if (value instanceof Blob blob) {
      return blob.getBytes(1, Math.toIntExact(blob.length()));
    }
    if (value instanceof Array array) {
      Object elements = array.getArray();
      return elements instanceof Object[] objects ? Arrays.asList(objects) : elements;
    }
    if (value instanceof byte[]
        || value instanceof java.util.UUID
        || value instanceof java.time.temporal.Temporal) {
      return value;
    }
    return value.toString();
  }
}
