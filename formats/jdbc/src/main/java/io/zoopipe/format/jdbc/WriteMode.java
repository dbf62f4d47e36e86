package io.zoopipe.format.jdbc;

import java.util.Locale;

/**
 * What a load does to the table already there. Every mode creates a missing table (from the schema,
 * else from the records), and everything happens in the load's transaction, so a failed load leaves
 * the table as it was.
 */
public enum WriteMode {
  /** The table must not exist: it is created. */
  CREATE,
  /** Rows are added to the table. */
  APPEND,
  /**
   * The table's rows are removed, then the new ones inserted: readers see old or new, never both.
   */
  REPLACE,
  /** A row whose key is already in the table updates it; any other row is inserted. */
  UPSERT;

  /**
   * The mode called {@code text} ({@code create}, {@code append}, {@code replace}, {@code upsert}).
   *
   * @throws IllegalArgumentException naming the modes when there is none of that name
   */
  public static WriteMode parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "option mode must be create, append, replace or upsert, got '" + text + "'", e);
    }
  }

  /** The option value: the name in lower case. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
