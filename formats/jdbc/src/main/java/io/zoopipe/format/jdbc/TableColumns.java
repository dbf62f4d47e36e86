package io.zoopipe.format.jdbc;

import io.zoopipe.common.report.ErrorRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The columns a load writes, with the Java type each holds (for a table this format creates): from
 * the record class, else from the first record's values, else from the input's columns (as text).
 * Column names from data are quoted with any quote character in them doubled, so that no name can
 * end the identifier. An immutable value.
 */
record TableColumns(Map<String, Class<?>> types) {
  TableColumns {
    types = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(types));
  }

  /**
   * The columns for {@code first} (the first record written, or null when there is none), falling
   * back on {@code schema} and {@code inputColumns}.
   */
  static TableColumns of(
      @Nullable Object first, @Nullable Class<?> schema, List<String> inputColumns) {
    Map<String, Class<?>> types = new LinkedHashMap<>();
    if (first instanceof ErrorRow || (first == null && schema == ErrorRow.class)) {
      for (String column : ErrorRow.flatColumns(inputColumns)) {
        types.put(column, String.class);
      }
      types.put(ErrorRow.FLAT_COLUMNS.get(0), Long.class);
      types.put(ErrorRow.FLAT_COLUMNS.get(1), Long.class);
      return new TableColumns(types);
    }
    if (first instanceof Record) {
      return new TableColumns(RecordValues.types(first.getClass()));
    }
    if (first != null) {
      RecordValues.of(first, inputColumns)
          .forEach(
              (name, value) -> types.put(name, value == null ? String.class : value.getClass()));
      return new TableColumns(types);
    }
    Map<String, Class<?>> fromSchema = RecordValues.types(schema);
    if (!fromSchema.isEmpty()) {
      return new TableColumns(fromSchema);
    }
    for (String column : inputColumns) {
      types.put(column, String.class);
    }
    return new TableColumns(types);
  }

  List<String> names() {
    return new ArrayList<>(types.keySet());
  }

  boolean isEmpty() {
    return types.isEmpty();
  }

  /** {@code name} quoted with {@code quote}, any {@code quote} inside it doubled. */
  static String quote(String name, String quote) {
    return quote + name.replace(quote, quote + quote) + quote;
  }

  /** The {@code CREATE TABLE} statement of {@code table} with these columns. */
  String createTable(String table, SqlDialect dialect, String quote, List<SqlName> key) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(table).append(" (");
    boolean first = true;
    for (Map.Entry<String, Class<?>> column : types.entrySet()) {
      sql.append(first ? "" : ", ")
          .append(quote(column.getKey(), quote))
          .append(' ')
          .append(dialect.columnType(column.getValue()));
      first = false;
    }
    if (!key.isEmpty()) {
      sql.append(", PRIMARY KEY (");
      for (int i = 0; i < key.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(key.get(i).quoted(quote));
      }
      sql.append(')');
    }
    return sql.append(')').toString();
  }
}
