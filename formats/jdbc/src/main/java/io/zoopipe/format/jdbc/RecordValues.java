package io.zoopipe.format.jdbc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zoopipe.common.report.ErrorRow;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns an output record (a map, a Java record, an error record, a bean) into its columns and
 * values, and tells the column types of a record class. Thread-safe: record accessors are looked up
 * once per class.
 */
final class RecordValues {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};

  private static final ClassValue<List<Accessor>> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected List<Accessor> computeValue(Class<?> type) {
          List<Accessor> accessors = new ArrayList<>();
          for (RecordComponent component : type.getRecordComponents()) {
            try {
              component.getAccessor().setAccessible(true);
              MethodHandle handle = MethodHandles.lookup().unreflect(component.getAccessor());
              // The column is named as JSON and CSV outputs name the field (@JsonProperty).
              JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
              String name =
                  property != null && !property.value().isEmpty()
                      ? property.value()
                      : component.getName();
              accessors.add(new Accessor(name, component.getType(), handle));
            } catch (IllegalAccessException | RuntimeException e) {
              throw new IllegalArgumentException(
                  "cannot read component " + component.getName() + " of " + type.getName(), e);
            }
          }
          return List.copyOf(accessors);
        }
      };

  private RecordValues() {}

  /** The columns of {@code record} with their values, in order. */
  static Map<String, @Nullable Object> of(Object record, List<String> inputColumns) {
    if (record instanceof ErrorRow error) {
      return error.flat(inputColumns);
    }
    if (record instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> values = new LinkedHashMap<>(map.size() * 2);
      map.forEach((key, value) -> values.put(String.valueOf(key), value));
      return values;
    }
    if (record instanceof Record) {
      List<Accessor> accessors = ACCESSORS.get(record.getClass());
      Map<String, @Nullable Object> values = new LinkedHashMap<>(accessors.size() * 2);
      for (Accessor accessor : accessors) {
        values.put(accessor.name(), accessor.read(record));
      }
      return values;
    }
    return JSON.convertValue(record, MAP);
  }

  /** The component names and types of a record class; empty for other classes. */
  static Map<String, Class<?>> types(@Nullable Class<?> type) {
    Map<String, Class<?>> types = new LinkedHashMap<>();
    if (type != null && type.isRecord()) {
      for (Accessor accessor : ACCESSORS.get(type)) {
        types.put(accessor.name(), accessor.type());
      }
    }
    return types;
  }

  private record Accessor(String name, Class<?> type, MethodHandle handle) {
    @Nullable Object read(Object record) {
      try {
        Object value = handle.invoke(record);
        return value instanceof Optional<?> optional ? optional.orElse(null) : value;
      } catch (Throwable e) {
        throw new IllegalStateException("reading " + name + " of a " + record.getClass(), e);
      }
    }
  }
}
