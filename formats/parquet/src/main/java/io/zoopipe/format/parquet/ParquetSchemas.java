package io.zoopipe.format.parquet;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Digits;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.jspecify.annotations.Nullable;

/**
 * The Parquet schema of an output: from a Java type (a record or a class with fields) or from a
 * first record's values. Java types map to Parquet types as follows: {@code boolean} BOOLEAN;
 * {@code byte}, {@code short}, {@code int} INT32 (INT(8)/INT(16) for the first two); {@code long}
 * INT64; {@code float} FLOAT; {@code double} DOUBLE; {@code String}, {@code char} and enums STRING;
 * {@code byte[]} BINARY; {@code BigDecimal} DECIMAL (precision and scale from a {@code @Digits}
 * annotation, else 38 and 18; from a record, 38 and the first value's scale); {@code BigInteger}
 * DECIMAL(38, 0); {@code LocalDate} DATE; {@code LocalTime} TIME(MICROS); {@code Instant} and
 * {@code OffsetDateTime} TIMESTAMP(MICROS, UTC); {@code LocalDateTime} TIMESTAMP(MICROS, local);
 * {@code UUID} UUID; collections LIST; maps MAP; other classes groups of their fields. Primitive
 * Java types are required columns, every other type optional, and so is every column inferred from
 * a record; a null value in a record gives an optional STRING; a field of type {@code Object} (or
 * an interface) is a JSON column holding the value's JSON text. Stateless.
 */
final class ParquetSchemas {
  /** Precision and scale of a BigDecimal field without {@code @Digits}. */
  static final int DEFAULT_PRECISION = 38;

  static final int DEFAULT_SCALE = 18;

  private ParquetSchemas() {}

  /** The schema of objects of {@code type}. */
  static MessageType fromType(Class<?> type) {
    return new MessageType("schema", fieldsOf(type, 0));
  }

  /** The schema a record's values imply: every column optional. */
  static MessageType fromRecord(Map<?, ?> record) {
    List<Type> fields = new ArrayList<>();
    for (Map.Entry<?, ?> member : record.entrySet()) {
      fields.add(
          fromValue(String.valueOf(member.getKey()), member.getValue(), Repetition.OPTIONAL));
    }
    return new MessageType("schema", fields);
  }

  private static List<Type> fieldsOf(Class<?> type, int depth) {
    if (depth > 32) {
      throw new IllegalArgumentException(type.getName() + " nests too deep for a Parquet schema");
    }
    List<Type> fields = new ArrayList<>();
    for (Member member : members(type)) {
      fields.add(fromJavaType(member.name(), member.genericType(), member.element(), depth));
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException(
          type.getName() + " has no fields to write as Parquet columns");
    }
    return fields;
  }

  /** A field or record component that becomes a column. */
  record Member(
      String name, java.lang.reflect.Type genericType, AnnotatedElement element, Object accessor) {}

  /** The columns of {@code type}: a record's components, or a class's instance fields. */
  static List<Member> members(Class<?> type) {
    List<Member> members = new ArrayList<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        members.add(
            new Member(
                nameOf(component.getName(), component),
                component.getGenericType(),
                component,
                component.getAccessor()));
      }
      return members;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      List<Member> own = new ArrayList<>();
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers)
            || Modifier.isTransient(modifiers)
            || field.isSynthetic()) {
          continue;
        }
        field.setAccessible(true);
        own.add(new Member(nameOf(field.getName(), field), field.getGenericType(), field, field));
      }
      members.addAll(0, own);
    }
    return members;
  }

  private static String nameOf(String name, AnnotatedElement element) {
    JsonProperty property = element.getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : name;
  }

  private static Type fromJavaType(
      String name, java.lang.reflect.Type generic, @Nullable AnnotatedElement element, int depth) {
    Class<?> raw = rawClass(generic);
    Repetition repetition = raw.isPrimitive() ? Repetition.REQUIRED : Repetition.OPTIONAL;
    if (raw == BigDecimal.class) {
      Digits digits = element == null ? null : element.getAnnotation(Digits.class);
      int precision =
          digits == null ? DEFAULT_PRECISION : Math.max(1, digits.integer() + digits.fraction());
      int scale = digits == null ? DEFAULT_SCALE : digits.fraction();
      return decimal(name, precision, scale, repetition);
    }
    Type scalar = scalar(name, raw, repetition);
    if (scalar != null) {
      return scalar;
    }
    if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
      java.lang.reflect.Type element0 =
          raw.isArray() ? raw.getComponentType() : typeArgument(generic, 0);
      return Types.optionalList()
          .element(fromJavaType("element", element0, null, depth + 1))
          .named(name);
    }
    if (Map.class.isAssignableFrom(raw)) {
      Type key = fromJavaType("key", typeArgument(generic, 0), null, depth + 1);
      Type value = fromJavaType("value", typeArgument(generic, 1), null, depth + 1);
      return Types.optionalMap().key(required(key)).value(value).named(name);
    }
    if (raw == Object.class || raw.isInterface()) {
      // A value of no fixed type is written as its JSON text.
      return Types.primitive(PrimitiveTypeName.BINARY, repetition)
          .as(LogicalTypeAnnotation.jsonType())
          .named(name);
    }
    return new org.apache.parquet.schema.GroupType(repetition, name, fieldsOf(raw, depth + 1));
  }

  /** {@code type} as a required column (a map's key must be). */
  private static Type required(Type type) {
    if (!type.isPrimitive()) {
      return new org.apache.parquet.schema.GroupType(
          Repetition.REQUIRED, type.getName(), type.asGroupType().getFields());
    }
    org.apache.parquet.schema.PrimitiveType primitive = type.asPrimitiveType();
    Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> builder =
        Types.primitive(primitive.getPrimitiveTypeName(), Repetition.REQUIRED);
    if (primitive.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
      builder = builder.length(primitive.getTypeLength());
    }
    return builder.as(primitive.getLogicalTypeAnnotation()).named(primitive.getName());
  }

  private static Type text(String name, Repetition repetition) {
    return Types.primitive(PrimitiveTypeName.BINARY, repetition)
        .as(LogicalTypeAnnotation.stringType())
        .named(name);
  }

  private static Class<?> rawClass(java.lang.reflect.Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return Object.class;
  }

  private static java.lang.reflect.Type typeArgument(java.lang.reflect.Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      java.lang.reflect.Type argument = p.getActualTypeArguments()[index];
      if (argument instanceof java.lang.reflect.WildcardType wildcard) {
        return wildcard.getUpperBounds()[0];
      }
      return argument;
    }
    return Object.class;
  }

  /** The Parquet type of a scalar Java class, or null when it is not one. */
  static @Nullable Type scalar(String name, Class<?> raw, Repetition repetition) {
    if (raw == boolean.class || raw == Boolean.class) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
    }
    if (raw == int.class || raw == Integer.class) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
    }
    if (raw == short.class || raw == Short.class) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition)
          .as(LogicalTypeAnnotation.intType(16, true))
          .named(name);
    }
    if (raw == byte.class || raw == Byte.class) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition)
          .as(LogicalTypeAnnotation.intType(8, true))
          .named(name);
    }
    if (raw == long.class || raw == Long.class) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
    }
    if (raw == float.class || raw == Float.class) {
      return Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
    }
    if (raw == double.class || raw == Double.class) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
    }
    if (raw == String.class || raw == char.class || raw == Character.class || raw.isEnum()) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition)
          .as(LogicalTypeAnnotation.stringType())
          .named(name);
    }
    if (raw == byte[].class) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
    }
    if (raw == BigInteger.class) {
      return decimal(name, DEFAULT_PRECISION, 0, repetition);
    }
    if (raw == LocalDate.class) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition)
          .as(LogicalTypeAnnotation.dateType())
          .named(name);
    }
    if (raw == LocalTime.class) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS))
          .named(name);
    }
    if (raw == Instant.class || raw == OffsetDateTime.class) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS))
          .named(name);
    }
    if (raw == LocalDateTime.class) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS))
          .named(name);
    }
    if (raw == UUID.class) {
      return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
          .length(16)
          .as(LogicalTypeAnnotation.uuidType())
          .named(name);
    }
    return null;
  }

  static Type decimal(String name, int precision, int scale, Repetition repetition) {
    return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
        .length(16)
        .as(LogicalTypeAnnotation.decimalType(scale, precision))
        .named(name);
  }

  private static Type fromValue(String name, @Nullable Object value, Repetition repetition) {
    if (value == null) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition)
          .as(LogicalTypeAnnotation.stringType())
          .named(name);
    }
    if (value instanceof BigDecimal decimal) {
      return decimal(name, DEFAULT_PRECISION, Math.max(0, decimal.scale()), repetition);
    }
    Type scalar = scalar(name, value.getClass(), repetition);
    if (scalar != null) {
      return scalar;
    }
    if (value instanceof Collection<?> list) {
      Object first = null;
      for (Object element : list) {
        if (element != null) {
          first = element;
          break;
        }
      }
      return Types.optionalList()
          .element(fromValue("element", first, Repetition.OPTIONAL))
          .named(name);
    }
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return Types.optionalMap()
            .key(text("key", Repetition.REQUIRED))
            .value(text("value", Repetition.OPTIONAL))
            .named(name);
      }
      List<Type> fields = new ArrayList<>();
      for (Map.Entry<?, ?> member : map.entrySet()) {
        fields.add(
            fromValue(String.valueOf(member.getKey()), member.getValue(), Repetition.OPTIONAL));
      }
      return new org.apache.parquet.schema.GroupType(repetition, name, fields);
    }
    Class<?> type = value.getClass();
    if (type.isRecord()) {
      return new org.apache.parquet.schema.GroupType(repetition, name, fieldsOf(type, 1));
    }
    return Types.primitive(PrimitiveTypeName.BINARY, repetition)
        .as(LogicalTypeAnnotation.stringType())
        .named(name);
  }
}
