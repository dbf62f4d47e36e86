package io.zoopipe.format.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Cuts {@code [min, max]} of a key into at most {@code count} ranges of equal width, as Spark's
 * {@code partitionColumn} does: integers, decimals, dates and timestamps. Bounds that coincide
 * (fewer distinct values than shards) are merged, so ranges are never empty by construction of the
 * bounds (they may be empty of rows: skewed keys). Stateless.
 */
final class KeyRangePlanner {
  private KeyRangePlanner() {}

  /**
   * The ranges for keys from {@code min} to {@code max}; a single whole range when they cannot be
   * split (no key, one value, a type other than numbers and dates).
   */
  static List<KeyRange> plan(@Nullable Object min, @Nullable Object max, int count) {
    String type = type(min);
    if (min == null || max == null || type == null || count < 2 || !type.equals(type(max))) {
      return List.of(KeyRange.whole(0));
    }
    List<String> bounds = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      String bound = bound(type, min, max, i, count);
      if (!bounds.contains(bound) && !bound.equals(text(type, min))) {
        bounds.add(bound);
      }
    }
    if (bounds.isEmpty()) {
      return List.of(KeyRange.whole(0));
    }
    List<KeyRange> ranges = new ArrayList<>();
    for (int i = 0; i <= bounds.size(); i++) {
      ranges.add(
          new KeyRange(
              i,
              type,
              i == 0 ? null : bounds.get(i - 1),
              i == bounds.size() ? null : bounds.get(i),
              i == 0));
    }
    return List.copyOf(ranges);
  }

  /** The key type of a value read as min or max, or null when it cannot be ranged. */
  static @Nullable String type(@Nullable Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return "long";
    }
    if (value instanceof Number) {
      return "decimal";
    }
    if (value instanceof LocalDate) {
      return "date";
    }
    if (value instanceof LocalDateTime) {
      return "timestamp";
    }
    return null;
  }

  private static String bound(String type, Object min, Object max, int i, int count) {
    return switch (type) {
      case "long" -> {
        BigInteger low = new BigInteger(min.toString());
        BigInteger width = new BigInteger(max.toString()).subtract(low);
        yield low.add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(count)))
            .toString();
      }
      case "decimal" -> {
        BigDecimal low = new BigDecimal(min.toString());
        BigDecimal width = new BigDecimal(max.toString()).subtract(low);
        yield low.add(
                width
                    .multiply(BigDecimal.valueOf(i))
                    .divide(BigDecimal.valueOf(count), MathContext.DECIMAL64))
            .toPlainString();
      }
      case "date" -> {
        LocalDate low = (LocalDate) min;
        long days = ChronoUnit.DAYS.between(low, (LocalDate) max);
        yield low.plusDays(days * i / count).toString();
      }
      default -> {
        LocalDateTime low = (LocalDateTime) min;
        long micros = ChronoUnit.MICROS.between(low, (LocalDateTime) max);
        yield low.plus(
                BigInteger.valueOf(micros)
                    .multiply(BigInteger.valueOf(i))
                    .divide(BigInteger.valueOf(count))
                    .longValueExact(),
                ChronoUnit.MICROS)
            .toString();
      }
    };
  }

  private static String text(String type, Object value) {
    return type.equals("decimal")
        ? new BigDecimal(value.toString()).toPlainString()
        : value.toString();
  }
}
