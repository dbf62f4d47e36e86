package io.zoopipe.format.csv;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The columns of a Java record class, in declaration order, named by {@code @JsonProperty} where a
 * component has one, with their accessors. Found once per class ({@link #of}) and cached, so
 * writing a row does no reflection. Immutable and thread-safe.
 */
final class RecordShape {
  private static final ClassValue<RecordShape> SHAPES =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
          return new RecordShape(type);
        }
      };

  private final List<String> names;
  private final MethodHandle[] accessors;

  private RecordShape(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    List<String> componentNames = new ArrayList<>(components.length);
    accessors = new MethodHandle[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      componentNames.add(columnName(type, component));
      Method accessor = component.getAccessor();
      try {
        accessor.setAccessible(true);
        accessors[i] =
            MethodHandles.lookup()
                .unreflect(accessor)
                .asType(MethodType.methodType(Object.class, Object.class));
      } catch (IllegalAccessException | RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot read component " + component.getName() + " of record " + type.getName(), e);
      }
    }
    names = List.copyOf(componentNames);
  }

  /** The shape of {@code type}, which must be a record class. */
  static RecordShape of(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record class");
    }
    return SHAPES.get(type);
  }

  List<String> names() {
    return names;
  }

  int size() {
    return accessors.length;
  }

  /** The value of component {@code index} of {@code record}. */
  @Nullable Object value(Object record, int index) {
    try {
      return (Object) accessors[index].invokeExact(record);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("accessor of " + names.get(index) + " failed", e);
    }
  }

  /** Index of the column called {@code name}, or -1. */
  int indexOf(String name) {
    return names.indexOf(name);
  }

  private static String columnName(Class<?> type, RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    if (property == null) {
      try {
        Field field = type.getDeclaredField(component.getName());
        property = field.getAnnotation(JsonProperty.class);
      } catch (NoSuchFieldException e) {
        property = null; // a record always has the field; nothing to honour if it somehow does not
      }
    }
    return property != null && !property.value().isEmpty() ? property.value() : component.getName();
  }
}
