package io.zoopipe.common.validation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Converts one raw value (text from CSV, a JSON scalar or structure) to a schema field's type.
 * Built once per field; thread-safe. A value that cannot be converted raises {@link
 * ConversionException} with a message that names the value and the expected type.
 */
abstract class ValueConverter {
  private static final int MAX_VALUE_IN_MESSAGE = 40;

  /** Returns the converted value, or null for an absent value of a reference type. */
  abstract @Nullable Object convert(@Nullable Object raw) throws ConversionException;

  static ValueConverter forType(Class<?> type, JavaType javaType, ObjectMapper mapper) {
    if (type == String.class) {
      return new Simple(type, false, ValueConverter::toText);
    }
    if (type == int.class || type == Integer.class) {
      return new Simple(type, type.isPrimitive(), raw -> toInt(raw));
    }
    if (type == long.class || type == Long.class) {
      return new Simple(type, type.isPrimitive(), raw -> toLong(raw));
    }
    if (type == short.class || type == Short.class) {
      return new Simple(
          type,
          type.isPrimitive(),
          raw -> (short) toRangedLong(raw, "short", Short.MIN_VALUE, Short.MAX_VALUE));
    }
    if (type == byte.class || type == Byte.class) {
      return new Simple(
          type,
          type.isPrimitive(),
          raw -> (byte) toRangedLong(raw, "byte", Byte.MIN_VALUE, Byte.MAX_VALUE));
    }
    if (type == double.class || type == Double.class) {
      return new Simple(type, type.isPrimitive(), raw -> toDouble(raw));
    }
    if (type == float.class || type == Float.class) {
      return new Simple(type, type.isPrimitive(), raw -> (float) toDouble(raw));
    }
    if (type == boolean.class || type == Boolean.class) {
      return new Simple(type, type.isPrimitive(), ValueConverter::toBoolean);
    }
    if (type == char.class || type == Character.class) {
      return new Simple(type, type.isPrimitive(), ValueConverter::toChar);
    }
    if (type == BigDecimal.class) {
      return new Simple(type, false, ValueConverter::toBigDecimal);
    }
    if (type == BigInteger.class) {
      return new Simple(type, false, ValueConverter::toBigInteger);
    }
    if (type == LocalDate.class) {
      return new Simple(
          type,
          false,
          raw ->
              raw instanceof LocalDate date
                  ? date
                  : parse(requireText(raw, "a date"), "date (YYYY-MM-DD)", LocalDate::parse));
    }
    if (type == LocalDateTime.class) {
      return new Simple(
          type,
          false,
          raw ->
              raw instanceof LocalDateTime dateTime
                  ? dateTime
                  : parse(requireText(raw, "a date-time"), "date-time", LocalDateTime::parse));
    }
    if (type == LocalTime.class) {
      return new Simple(
          type,
          false,
          raw ->
              raw instanceof LocalTime time
                  ? time
                  : parse(requireText(raw, "a time"), "time", LocalTime::parse));
    }
    if (type == OffsetDateTime.class) {
      return new Simple(
          type,
          false,
          raw -> {
            if (raw instanceof OffsetDateTime dateTime) {
              return dateTime;
            }
            if (raw instanceof Instant instant) {
              return instant.atOffset(ZoneOffset.UTC);
            }
            return parse(
                requireText(raw, "a date-time with offset"),
                "date-time with offset",
                OffsetDateTime::parse);
          });
    }
    if (type == Instant.class) {
      return new Simple(
          type,
          false,
          raw -> {
            if (raw instanceof Instant instant) {
              return instant;
            }
            if (raw instanceof OffsetDateTime dateTime) {
              return dateTime.toInstant();
            }
            return parse(requireText(raw, "an instant"), "instant", Instant::parse);
          });
    }
    if (type == UUID.class) {
      return new Simple(
          type,
          false,
          raw ->
              raw instanceof UUID uuid
                  ? uuid
                  : parse(requireText(raw, "a UUID"), "UUID", UUID::fromString));
    }
    if (type == byte[].class) {
      // Binary values as they are; anything else (base64 text) as Jackson reads it.
      ValueConverter structured = new Structured(javaType, mapper);
      return new Simple(type, false, raw -> toBytes(raw, structured));
    }
    if (type.isEnum()) {
      return new Simple(type, false, raw -> toEnum(type, raw));
    }
    return new Structured(javaType, mapper);
  }

  /** A scalar conversion; empty text means "absent" for every type but String. */
  private static final class Simple extends ValueConverter {
    private final Class<?> type;
    private final Class<?> boxed;
    private final boolean primitive;
    private final Conversion conversion;

    Simple(Class<?> type, boolean primitive, Conversion conversion) {
      this.type = type;
      this.boxed = MethodType.methodType(type).wrap().returnType();
      this.primitive = primitive;
      this.conversion = conversion;
    }

    @Override
    @Nullable Object convert(@Nullable Object raw) throws ConversionException {
      if (raw == null || (type != String.class && raw instanceof String s && s.isBlank())) {
        if (primitive) {
          throw new ConversionException("a value is required (" + type.getName() + ")");
        }
        return null;
      }
      // A value already of the field's type (a typed column from a database) is taken as it is.
      return boxed.isInstance(raw) ? raw : conversion.apply(raw);
    }
  }

  /** Nested records, collections and maps, converted by Jackson. */
  private static final class Structured extends ValueConverter {
    private final JavaType type;
    private final ObjectMapper mapper;

    Structured(JavaType type, ObjectMapper mapper) {
      this.type = type;
      this.mapper = mapper;
    }

    @Override
    @Nullable Object convert(@Nullable Object raw) throws ConversionException {
      if (raw == null || (raw instanceof String s && s.isBlank())) {
        return null;
      }
      Object source = raw;
      try {
        if (raw instanceof String text && !type.isTypeOrSubTypeOf(String.class)) {
          // A structured value arriving as text (a CSV cell holding JSON).
          source = mapper.readTree(text);
        }
        return mapper.convertValue(source, type);
      } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ConversionException(
            describe(raw) + " is not a valid " + type.getRawClass().getSimpleName());
      }
    }
  }

  @FunctionalInterface
  interface Conversion {
    Object apply(Object raw) throws ConversionException;
  }

  @FunctionalInterface
  private interface Parser {
    Object parse(String text);
  }

  private static Object parse(Object raw, String what, Parser parser) throws ConversionException {
    String text = raw.toString().trim();
    try {
      return parser.parse(text);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ConversionException(describe(raw) + " is not a valid " + what);
    } catch (IllegalArgumentException e) {
      throw new ConversionException(describe(raw) + " is not a valid " + what);
    }
  }

  private static String toText(Object raw) throws ConversionException {
    if (raw instanceof String s) {
      return s;
    }
    if (raw instanceof Number
        || raw instanceof Boolean
        || raw instanceof Character
        || raw instanceof Temporal
        || raw instanceof UUID) {
      return raw.toString();
    }
    throw new ConversionException("expected text, got " + kind(raw));
  }

  /**
   * A typed value (a Parquet DECIMAL, an integer) as a decimal, exactly; text is parsed. Doubles go
   * through their shortest decimal text, which is the value they print as.
   */
  private static BigDecimal toBigDecimal(Object raw) throws ConversionException {
    if (raw instanceof BigDecimal decimal) {
      return decimal;
    }
    if (raw instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (raw instanceof Integer
        || raw instanceof Long
        || raw instanceof Short
        || raw instanceof Byte) {
      return BigDecimal.valueOf(((Number) raw).longValue());
    }
    return (BigDecimal) parse(requireText(raw, "a decimal"), "decimal", BigDecimal::new);
  }

  private static BigInteger toBigInteger(Object raw) throws ConversionException {
    if (raw instanceof BigInteger integer) {
      return integer;
    }
    if (raw instanceof Integer
        || raw instanceof Long
        || raw instanceof Short
        || raw instanceof Byte) {
      return BigInteger.valueOf(((Number) raw).longValue());
    }
    if (raw instanceof BigDecimal decimal) {
      try {
        return decimal.toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw new ConversionException(describe(raw) + " is not a valid integer");
      }
    }
    return (BigInteger) parse(requireText(raw, "an integer"), "integer", BigInteger::new);
  }

  private static Object toBytes(Object raw, ValueConverter structured) throws ConversionException {
    if (raw instanceof byte[] bytes) {
      return bytes;
    }
    Object converted = structured.convert(raw);
    if (converted == null) {
      throw new ConversionException("expected binary data, got " + kind(raw));
    }
    return converted;
  }

  /**
   * {@code raw} for a parser of text; a typed value of another kind (a date where a time is due, a
   * UUID, binary data) is refused by name rather than parsed from its text.
   */
  private static Object requireText(Object raw, String what) throws ConversionException {
    if (raw instanceof Temporal || raw instanceof UUID || raw instanceof byte[]) {
      throw new ConversionException("expected " + what + ", got " + kind(raw));
    }
    return raw;
  }

  private static int toInt(Object raw) throws ConversionException {
    return (int) toRangedLong(raw, "integer", Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  private static long toLong(Object raw) throws ConversionException {
    return toRangedLong(raw, "integer", Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private static long toRangedLong(Object raw, String what, long min, long max)
      throws ConversionException {
    long value;
    if (raw instanceof Integer
        || raw instanceof Long
        || raw instanceof Short
        || raw instanceof Byte) {
      value = ((Number) raw).longValue();
    } else if (raw instanceof Number number) {
      try {
        value = new BigDecimal(number.toString()).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw new ConversionException(describe(raw) + " is not a valid " + what);
      }
    } else if (raw instanceof String text) {
      try {
        value = Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw new ConversionException(describe(raw) + " is not a valid " + what);
      }
    } else {
      throw new ConversionException("expected an " + what + ", got " + kind(raw));
    }
    if (value < min || value > max) {
      throw new ConversionException(describe(raw) + " is out of range for " + what);
    }
    return value;
  }

  private static double toDouble(Object raw) throws ConversionException {
    if (raw instanceof Number number) {
      return number.doubleValue();
    }
    if (raw instanceof String text) {
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        throw new ConversionException(describe(raw) + " is not a valid number");
      }
    }
    throw new ConversionException("expected a number, got " + kind(raw));
  }

  private static Boolean toBoolean(Object raw) throws ConversionException {
    if (raw instanceof Boolean b) {
      return b;
    }
    String text = raw.toString().strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
      case "false", "f", "no", "n", "0" -> Boolean.FALSE;
      default -> throw new ConversionException(describe(raw) + " is not a valid boolean");
    };
  }

  private static Character toChar(Object raw) throws ConversionException {
    String text = raw.toString();
    if (text.length() != 1) {
      throw new ConversionException(describe(raw) + " is not a single character");
    }
    return text.charAt(0);
  }

  private static Object toEnum(Class<?> type, Object raw) throws ConversionException {
    String text = raw.toString().strip();
    for (Object constant : type.getEnumConstants()) {
      if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    throw new ConversionException(
        describe(raw) + " is not one of the values of " + type.getSimpleName());
  }

  private static String kind(Object raw) {
    if (raw instanceof Map) {
      return "an object";
    }
    if (raw instanceof Iterable) {
      return "an array";
    }
    return "a " + raw.getClass().getSimpleName();
  }

  static String describe(Object raw) {
    String text = raw.toString();
    if (text.length() > MAX_VALUE_IN_MESSAGE) {
      text = text.substring(0, MAX_VALUE_IN_MESSAGE) + "...";
    }
    return "'" + text + "'";
  }

  /** A value that does not fit its field's type; a row error, not a run error. */
  static final class ConversionException extends Exception {
    private static final long serialVersionUID = 1L;

    ConversionException(String message) {
      super(requireNonNull(message, "message is null"), null, false, false);
    }

    /** The reason, never null: the constructor requires one. */
    @Override
    public String getMessage() {
      return requireNonNull(super.getMessage(), "message is null");
    }
  }
}
