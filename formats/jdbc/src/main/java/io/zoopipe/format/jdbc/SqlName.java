package io.zoopipe.format.jdbc;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A table or column name from the user, validated and always quoted when written into SQL, so that
 * no text given as a name ({@code --table}, a key column) can change a statement. A name is one
 * identifier or {@code schema.table}; each part is letters, digits, {@code _} and {@code $}, not
 * starting with a digit, at most 63 characters. Names are case-sensitive as given (they are
 * quoted): {@code users} and {@code Users} are two tables on PostgreSQL. An immutable value.
 *
 * @param schema the schema part, or null for the connection's default
 * @param name the table (or column) name
 */
public record SqlName(@Nullable String schema, String name) {
  private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  public SqlName {
    requireNonNull(name, "name is null");
    check(name);
    if (schema != null) {
      check(schema);
    }
  }

  /**
   * Parses {@code table} or {@code schema.table}.
   *
   * @throws IllegalArgumentException naming the text when it is not a valid name
   */
  public static SqlName parse(String text) {
    requireNonNull(text, "name is null");
    int dot = text.indexOf('.');
    if (dot < 0) {
      return new SqlName(null, text);
    }
    return new SqlName(text.substring(0, dot), text.substring(dot + 1));
  }

  /** A column name (no schema part). */
  public static SqlName column(String text) {
    return new SqlName(null, text);
  }

  /** This name quoted with {@code quote} (the driver's identifier quote, {@code "} by default). */
  public String quoted(String quote) {
    String table = quote + name + quote;
    return schema == null ? table : quote + schema + quote + "." + table;
  }

  /** The same schema with another name: the staging tables of a target. */
  public SqlName withName(String newName) {
    return new SqlName(schema, newName);
  }

  @Override
  public String toString() {
    return schema == null ? name : schema + "." + name;
  }

  private static void check(String part) {
    if (!PART.matcher(part).matches()) {
      throw new IllegalArgumentException(
          "'"
              + part
              + "' is not a valid SQL name (letters, digits, _ and $, not starting with a digit,"
              + " at most 63 characters; schema.table for a schema)");
    }
  }
}
