package io.zoopipe.format.jdbc;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one planned shard of a read: those whose key lies in {@code [lower, upper)}, an
 * absent bound being unbounded, plus the rows whose key is NULL when {@code nulls}. The first shard
 * of a plan is unbounded below and takes the NULL keys, the last is unbounded above, so every row
 * belongs to exactly one shard whatever the keys were when the plan was made. An immutable value
 * that travels as format options.
 *
 * @param index the shard's index in the plan
 * @param type how the bounds are typed: {@code long}, {@code decimal}, {@code date} or {@code
 *     timestamp}
 * @param lower the inclusive lower bound as text, or null
 * @param upper the exclusive upper bound as text, or null
 * @param nulls whether rows with a NULL key belong to this shard
 */
record KeyRange(
    int index, String type, @Nullable String lower, @Nullable String upper, boolean nulls) {
  static final String SHARD = "shard";

  KeyRange {
    if (!List.of("long", "decimal", "date", "timestamp").contains(type)) {
      throw new IllegalArgumentException("option shard: unknown key type " + type);
    }
  }

  /** The whole input as shard {@code index} (a plan that could not split it). */
  static KeyRange whole(int index) {
    return new KeyRange(index, "long", null, null, true);
  }

  /** The text of the {@code shard} option: {@code index;type;lower;upper;nulls}. */
  String optionValue() {
    return index
        + ";"
        + type
        + ";"
        + (lower == null ? "" : lower)
        + ";"
        + (upper == null ? "" : upper)
        + ";"
        + nulls;
  }

  static KeyRange parse(String text) {
    String[] parts = text.split(";", -1);
    if (parts.length != 5) {
      throw new IllegalArgumentException("option shard must be index;type;lower;upper;nulls");
    }
    try {
      return new KeyRange(
          Integer.parseInt(parts[0]),
          parts[1],
          parts[2].isEmpty() ? null : parts[2],
          parts[3].isEmpty() ? null : parts[3],
          Boolean.parseBoolean(parts[4]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option shard: bad index in " + text, e);
    }
  }

  /**
   * The condition on {@code column} (quoted) that selects this shard, with {@code ?} for bounds.
   */
  String condition(String column) {
    List<String> parts = new ArrayList<>();
    if (lower != null) {
      parts.add(column + " >= ?");
    }
    if (upper != null) {
      parts.add(column + " < ?");
    }
    String range = String.join(" AND ", parts);
    if (range.isEmpty()) {
      return nulls ? "" : column + " IS NOT NULL";
    }
    return nulls ? "(" + range + " OR " + column + " IS NULL)" : range;
  }

  /** The bound values for {@link #condition}, typed for {@code dialect}. */
  List<Object> parameters(SqlDialect dialect) {
    List<Object> values = new ArrayList<>();
    if (lower != null) {
      values.add(value(lower, dialect));
    }
    if (upper != null) {
      values.add(value(upper, dialect));
    }
    return values;
  }

  private Object value(String text, SqlDialect dialect) {
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "long" -> Long.parseLong(text);
      case "decimal" -> new BigDecimal(text);
      case "date" -> dialect == SqlDialect.SQLITE ? text : LocalDate.parse(text);
      default -> dialect == SqlDialect.SQLITE ? text : LocalDateTime.parse(text);
    };
  }
}
