package io.zoopipe.format.parquet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.zoopipe.common.adapter.RecordRejectedException;
import io.zoopipe.common.validation.Violation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * Turns records (maps, records, objects with fields) into the values {@link RowWriteSupport} writes
 * for one fixed Parquet schema: a group as an {@code Object[]} of its fields, a LIST as a list, a
 * MAP as a list of key-value pairs, a primitive as its physical value. A value that does not fit
 * its column (a wrong type, a null in a required column, a decimal with too many places, a member
 * the schema lacks) raises {@link RecordRejectedException} naming the column, so that the record
 * becomes an error record; nothing is dropped or coerced silently. Thread-safe.
 */
final class RowPreparer {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final MessageType schema;
  private final Map<Class<?>, List<ParquetSchemas.Member>> members = new ConcurrentHashMap<>();

  RowPreparer(MessageType schema) {
    this.schema = schema;
  }

  MessageType schema() {
    return schema;
  }

  Object[] prepare(Object record) {
    return group(schema, record, "");
  }

  // An absent optional field is a null element, which the write support skips; the writer's
  // generic Object[] type cannot say so (NullAway on JDK 25 reads the elements as non-null).
  @SuppressWarnings("NullAway")
  private Object[] group(GroupType type, Object value, String path) {
    int count = type.getFieldCount();
    Object[] fields = new Object[count];
    if (value instanceof Map<?, ?> map) {
      int matched = 0;
      for (int i = 0; i < count; i++) {
        Type field = type.getType(i);
        Object member = map.get(field.getName());
        if (member != null || map.containsKey(field.getName())) {
          matched++;
        }
        fields[i] = field(field, member, path);
      }
      if (matched < map.size()) {
        for (Object key : map.keySet()) {
          if (!(key instanceof String name) || !type.containsField(name)) {
            throw reject(
                path + key,
                "the Parquet schema has no column '" + key + "' (it has " + names(type) + ")");
          }
        }
      }
      return fields;
    }
    if (isScalar(value)) {
      throw reject(path.isEmpty() ? null : path, "expected a record, got " + kind(value));
    }
    Map<String, Object> byName = new HashMap<>();
    for (ParquetSchemas.Member member :
        members.computeIfAbsent(value.getClass(), ParquetSchemas::members)) {
      byName.put(member.name(), read(member, value));
    }
    for (int i = 0; i < count; i++) {
      Type field = type.getType(i);
      if (!byName.containsKey(field.getName()) && field.isRepetition(Type.Repetition.REQUIRED)) {
        throw reject(path + field.getName(), "the record has no such field");
      }
      fields[i] = field(field, byName.get(field.getName()), path);
    }
    return fields;
  }

  private static String names(GroupType type) {
    List<String> names = new ArrayList<>();
    type.getFields().forEach(field -> names.add(field.getName()));
    return String.join(", ", names);
  }

  private static @Nullable Object read(ParquetSchemas.Member member, Object owner) {
    try {
      if (member.accessor() instanceof Method method) {
        return method.invoke(owner);
      }
      return ((Field) member.accessor()).get(owner);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot read " + member.name() + " of " + owner.getClass(), e);
    }
  }

  private @Nullable Object field(Type field, @Nullable Object value, String path) {
    // A top-level column's name is its path: no string made per value (this runs for every value).
    String name = path.isEmpty() ? field.getName() : path + field.getName();
    if (value == null) {
      if (field.isRepetition(Type.Repetition.REQUIRED)) {
        throw reject(name, "a value is required");
      }
      return null;
    }
    return value(field, value, name);
  }

  private Object value(Type type, Object value, String name) {
    if (type.isPrimitive()) {
      return primitive(type.asPrimitiveType(), value, name);
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      Type element = group.getType(0).asGroupType().getType(0);
      Collection<?> list = asCollection(value, name);
      List<@Nullable Object> prepared = new ArrayList<>(list.size());
      for (Object item : list) {
        prepared.add(field(element, item, name + "[]."));
      }
      return prepared;
    }
    if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
      if (!(value instanceof Map<?, ?> map)) {
        throw reject(name, "expected a map, got " + kind(value));
      }
      GroupType keyValue = group.getType(0).asGroupType();
      List<Object[]> entries = new ArrayList<>(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        Object key = field(keyValue.getType(0), entry.getKey(), name + ".");
        Object item = field(keyValue.getType(1), entry.getValue(), name + ".");
        entries.add(new Object[] {key, item});
      }
      return entries;
    }
    return group(group, value, name + ".");
  }

  private static Collection<?> asCollection(Object value, String name) {
    if (value instanceof Collection<?> collection) {
      return collection;
    }
    if (value instanceof Object[] array) {
      return List.of(array);
    }
    throw reject(name, "expected a list, got " + kind(value));
  }

  private static Object primitive(PrimitiveType type, Object value, String name) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      return decimal(type, decimal, value, name);
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN -> {
        if (value instanceof Boolean b) {
          return b;
        }
      }
      case INT32 -> {
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          if (value instanceof LocalDate date) {
            return Math.toIntExact(date.toEpochDay());
          }
        } else if (isIntegral(value)) {
          long number = ((Number) value).longValue();
          int bits =
              logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
                  ? integer.getBitWidth()
                  : 32;
          long min = -(1L << (bits - 1));
          long max = (1L << (bits - 1)) - 1;
          if (number < min || number > max) {
            throw reject(name, value + " is out of range for a " + bits + "-bit integer");
          }
          return (int) number;
        }
      }
      case INT64 -> {
        if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
          return timestamp(timestamp, value, name);
        }
        if (logical instanceof TimeLogicalTypeAnnotation time) {
          if (value instanceof LocalTime localTime) {
            return units(localTime.toNanoOfDay(), time.getUnit(), value, name);
          }
        } else if (isIntegral(value)) {
          return ((Number) value).longValue();
        }
      }
      case FLOAT -> {
        if (value instanceof Float f) {
          return f;
        }
        if (value instanceof Double d && (double) d.floatValue() == d) {
          return d.floatValue();
        }
      }
      case DOUBLE -> {
        if (value instanceof Double || value instanceof Float || isIntegral(value)) {
          double d = ((Number) value).doubleValue();
          if (!(value instanceof Long l) || (long) d == l) {
            return d;
          }
        }
      }
      case BINARY, FIXED_LEN_BYTE_ARRAY -> {
        return binary(type, logical, value, name);
      }
      case INT96 -> {
        throw reject(name, "INT96 columns are not written");
      }
    }
    throw reject(name, "expected " + describe(type) + ", got " + kind(value));
  }

  /**
   * Text as a binary over its UTF-8 bytes. Not {@code Binary.fromString}: that one keeps the string
   * and a {@code ByteBuffer} over its bytes besides, three objects per value that a row group's
   * dictionary and the batches waiting for the writer hold on to, and its hashing and comparing
   * (the dictionary's lookups, the column statistics) go through the buffer byte by byte.
   */
  private static Binary utf8(String text) {
    return Binary.fromConstantByteArray(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Object binary(
      PrimitiveType type, @Nullable LogicalTypeAnnotation logical, Object value, String name) {
    if (logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
      try {
        return utf8(JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw reject(name, "cannot be written as JSON: " + e.getOriginalMessage());
      }
    }
    if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
      if (value instanceof String text) {
        return utf8(text);
      }
      if (value instanceof Character || value instanceof Enum<?>) {
        return utf8(value instanceof Enum<?> e ? e.name() : value.toString());
      }
    } else if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
      if (value instanceof UUID uuid) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Binary.fromConstantByteArray(bytes.array());
      }
    } else if (value instanceof byte[] bytes) {
      if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
          && bytes.length != type.getTypeLength()) {
        throw reject(name, "expected " + type.getTypeLength() + " bytes, got " + bytes.length);
      }
      return Binary.fromConstantByteArray(bytes.clone());
    }
    throw reject(name, "expected " + describe(type) + ", got " + kind(value));
  }

  private static Object decimal(
      PrimitiveType type, DecimalLogicalTypeAnnotation decimal, Object value, String name) {
    BigDecimal number;
    if (value instanceof BigDecimal d) {
      number = d;
    } else if (value instanceof BigInteger i) {
      number = new BigDecimal(i);
    } else if (isIntegral(value)) {
      number = BigDecimal.valueOf(((Number) value).longValue());
    } else {
      throw reject(name, "expected a decimal, got " + kind(value));
    }
    BigDecimal scaled;
    try {
      scaled = number.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw reject(
          name, number + " has more than " + decimal.getScale() + " decimal places for " + decimal);
    }
    if (scaled.precision() > decimal.getPrecision()) {
      throw reject(name, number + " has more digits than " + decimal + " holds");
    }
    BigInteger unscaled = scaled.unscaledValue();
    return switch (type.getPrimitiveTypeName()) {
      case INT32 -> unscaled.intValueExact();
      case INT64 -> unscaled.longValueExact();
      case FIXED_LEN_BYTE_ARRAY ->
          Binary.fromConstantByteArray(fixed(unscaled, type.getTypeLength()));
      default -> Binary.fromConstantByteArray(unscaled.toByteArray());
    };
  }

  /** Two's complement big-endian in exactly {@code length} bytes, sign-extended. */
  private static byte[] fixed(BigInteger unscaled, int length) {
    byte[] minimal = unscaled.toByteArray();
    byte[] bytes = new byte[length];
    byte fill = unscaled.signum() < 0 ? (byte) 0xFF : 0;
    int pad = length - minimal.length;
    for (int i = 0; i < pad; i++) {
      bytes[i] = fill;
    }
    System.arraycopy(minimal, 0, bytes, pad, minimal.length);
    return bytes;
  }

  private static long timestamp(
      TimestampLogicalTypeAnnotation timestamp, Object value, String name) {
    Instant instant;
    if (timestamp.isAdjustedToUTC()) {
      if (value instanceof Instant i) {
        instant = i;
      } else if (value instanceof OffsetDateTime o) {
        instant = o.toInstant();
      } else {
        throw reject(name, "expected an instant (TIMESTAMP adjusted to UTC), got " + kind(value));
      }
    } else if (value instanceof LocalDateTime local) {
      instant = local.toInstant(ZoneOffset.UTC);
    } else {
      throw reject(name, "expected a local date-time (TIMESTAMP, local), got " + kind(value));
    }
    long seconds = instant.getEpochSecond();
    long nanos = instant.getNano();
    long perUnit = ParquetValues.nanosPerUnit(timestamp.getUnit());
    if (nanos % perUnit != 0) {
      throw reject(name, value + " is more precise than TIMESTAMP(" + timestamp.getUnit() + ")");
    }
    try {
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L / perUnit), nanos / perUnit);
    } catch (ArithmeticException e) {
      throw reject(name, value + " is out of range for TIMESTAMP(" + timestamp.getUnit() + ")");
    }
  }

  private static long units(
      long nanos, LogicalTypeAnnotation.TimeUnit unit, Object value, String name) {
    long perUnit = ParquetValues.nanosPerUnit(unit);
    if (nanos % perUnit != 0) {
      throw reject(name, value + " is more precise than TIME(" + unit + ")");
    }
    return nanos / perUnit;
  }

  private static boolean isIntegral(Object value) {
    return value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte;
  }

  private static boolean isScalar(Object value) {
    return value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Collection<?>
        || value.getClass().isArray()
        || value.getClass().getName().startsWith("java.");
  }

  private static String describe(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return type.getPrimitiveTypeName() + (logical == null ? "" : " " + logical);
  }

  private static String kind(Object value) {
    String text = String.valueOf(value);
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return "a " + value.getClass().getSimpleName() + " ('" + text + "')";
  }

  private static RecordRejectedException reject(@Nullable String column, String message) {
    return new RecordRejectedException(new Violation(column, message, Violation.OUTPUT));
  }
}
