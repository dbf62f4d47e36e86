package io.zoopipe.format.jdbc;

import java.util.Locale;

/**
 * What differs between databases in the SQL this format writes: how a table is emptied, whether an
 * upsert exists and how it is spelt, whether {@code COPY} is there, and the column types a table is
 * created with. Chosen from the JDBC URL's subprotocol.
 */
public enum SqlDialect {
  POSTGRESQL,
  SQLITE,
  /** Any other driver: standard SQL only; upsert and COPY are not supported. */
  GENERIC;

  /** The dialect of {@code url} ({@code jdbc:postgresql:...}, {@code jdbc:sqlite:...}). */
  public static SqlDialect of(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (lower.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    return GENERIC;
  }

  /** Whether {@code INSERT ... ON CONFLICT (key) DO UPDATE} is understood. */
  public boolean hasUpsert() {
    return switch (this) {
      case POSTGRESQL, SQLITE -> true;
      case GENERIC -> false;
    };
  }

  /** Whether {@code COPY ... FROM STDIN} is there (through the driver's copy API). */
  public boolean hasCopy() {
    return this == POSTGRESQL;
  }

  /** The statement that removes every row of {@code table}, inside a transaction. */
  public String emptyTable(String table) {
    return switch (this) {
      case POSTGRESQL -> "TRUNCATE TABLE " + table;
      case SQLITE, GENERIC -> "DELETE FROM " + table;
    };
  }

  /** The column type a value of {@code type} is stored in, for a table this format creates. */
  public String columnType(Class<?> type) {
    Class<?> t =
        type.isPrimitive()
            ? java.lang.invoke.MethodType.methodType(type).wrap().returnType()
            : type;
    boolean sqlite = this == SQLITE;
    if (t == Integer.class || t == Short.class || t == Byte.class) {
      return "INTEGER";
    }
    if (t == Long.class || t == java.math.BigInteger.class) {
      return sqlite ? "INTEGER" : "BIGINT";
    }
    if (t == Double.class || t == Float.class) {
      return sqlite ? "REAL" : "DOUBLE PRECISION";
    }
    if (t == Boolean.class) {
      return "BOOLEAN";
    }
    if (t == java.math.BigDecimal.class) {
      return "NUMERIC";
    }
    if (t == java.time.LocalDate.class) {
      return "DATE";
    }
    if (t == java.time.LocalDateTime.class) {
      return "TIMESTAMP";
    }
    if (t == java.time.LocalTime.class) {
      return "TIME";
    }
    if (t == java.time.OffsetDateTime.class || t == java.time.Instant.class) {
      return sqlite ? "TEXT" : "TIMESTAMP WITH TIME ZONE";
    }
    if (t == java.util.UUID.class) {
      return this == POSTGRESQL ? "UUID" : "TEXT";
    }
    if (t == byte[].class) {
      return this == POSTGRESQL ? "BYTEA" : "BLOB";
    }
    return "TEXT";
  }
}
