package io.zoopipe.common.validation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.common.pipe.PipelineException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a raw row (column to value) into an instance of a schema type: a Java record (through its
 * canonical constructor) or a class with a no-argument constructor (through its fields). A field's
 * column is its name, or the name in a Jackson {@code @JsonProperty}. Text is converted to the
 * field's type ("42" to 42); a value that does not convert is a {@link Violation} on that field,
 * never an exception. Built once per schema; thread-safe.
 */
public final class SchemaBinder<T> {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Class<T> type;
  private final List<String> columns;
  private final List<String> fieldNames;
  private final ValueConverter[] converters;
  private final @Nullable Object[] defaults;
  private final Instantiator instantiator;

  private SchemaBinder(Class<T> type) {
    this.type = type;
    List<String> columnList = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<ValueConverter> converterList = new ArrayList<>();
    List<@Nullable Object> defaultList = new ArrayList<>();
    if (type.isRecord()) {
      RecordComponent[] components = type.getRecordComponents();
      Class<?>[] parameterTypes = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        RecordComponent component = components[i];
        parameterTypes[i] = component.getType();
        names.add(component.getName());
        columnList.add(componentColumnName(type, component));
        converterList.add(
            ValueConverter.forType(
                component.getType(),
                MAPPER.getTypeFactory().constructType(component.getGenericType()),
                MAPPER));
        defaultList.add(defaultValue(component.getType()));
      }
      this.instantiator = new RecordInstantiator(constructor(type, parameterTypes));
    } else {
      List<Field> fields = bindableFields(type);
      for (Field field : fields) {
        names.add(field.getName());
        columnList.add(columnName(field, field.getName()));
        converterList.add(
            ValueConverter.forType(
                field.getType(),
                MAPPER.getTypeFactory().constructType(field.getGenericType()),
                MAPPER));
        defaultList.add(defaultValue(field.getType()));
      }
      this.instantiator = new FieldInstantiator(noArgConstructor(type), fields);
    }
    if (columnList.isEmpty()) {
      throw PipelineException.invalidConfiguration(
          "schema " + type.getName() + " has no fields to bind");
    }
    this.columns = List.copyOf(columnList);
    this.fieldNames = List.copyOf(names);
    this.converters = converterList.toArray(new ValueConverter[0]);
    this.defaults = defaultList.toArray();
  }

  /**
   * A binder for {@code type}. Throws {@link PipelineException} (INVALID_CONFIGURATION) when the
   * type is neither a record nor a class with a public no-argument constructor.
   */
  public static <T> SchemaBinder<T> of(Class<T> type) {
    return new SchemaBinder<>(requireNonNull(type, "type is null"));
  }

  public Class<T> type() {
    return type;
  }

  /** The columns the schema reads, in field order. */
  public List<String> columns() {
    return columns;
  }

  /** The column of a Java field or component name, for mapping validation paths back. */
  public String columnOf(String fieldName) {
    int index = fieldNames.indexOf(fieldName);
    return index < 0 ? fieldName : columns.get(index);
  }

  /**
   * Builds the typed object. Conversion failures are added to {@code errors} and the field gets its
   * type's default, so that the object can still be validated for its other fields. Returns null
   * only when the type's constructor itself rejected the values (also added to errors).
   */
  public @Nullable T bind(Map<String, ?> raw, List<Violation> errors) {
    @Nullable Object[] values = new Object[converters.length];
    for (int i = 0; i < converters.length; i++) {
      String column = columns.get(i);
      try {
        values[i] = converters[i].convert(raw.get(column));
      } catch (ValueConverter.ConversionException e) {
        errors.add(new Violation(column, e.getMessage(), Violation.TYPE_CONVERSION));
        values[i] = defaults[i];
      }
    }
    try {
      return type.cast(instantiator.create(values));
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      errors.add(new Violation(null, String.valueOf(cause.getMessage()), "constructor"));
      return null;
    }
  }

  /**
   * {@code @JsonProperty} cannot target record components, so Java propagates it to the component's
   * field, accessor or constructor parameter; look where it landed.
   */
  private static String componentColumnName(Class<?> type, RecordComponent component) {
    String name = component.getName();
    String fromAccessor = columnName(component.getAccessor(), "");
    if (!fromAccessor.isEmpty()) {
      return fromAccessor;
    }
    try {
      String fromField = columnName(type.getDeclaredField(name), "");
      if (!fromField.isEmpty()) {
        return fromField;
      }
    } catch (NoSuchFieldException e) {
      // Every record component has a field; keep the component's name if not.
    }
    return name;
  }

  private static String columnName(AnnotatedElement element, String name) {
    JsonProperty property = element.getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : name;
  }

  private static @Nullable Object defaultValue(Class<?> type) {
    if (!type.isPrimitive()) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == char.class) {
      return '\0';
    }
    if (type == double.class) {
      return 0d;
    }
    if (type == float.class) {
      return 0f;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == short.class) {
      return (short) 0;
    }
    if (type == byte.class) {
      return (byte) 0;
    }
    return 0;
  }

  private static MethodHandle constructor(Class<?> type, Class<?>[] parameterTypes) {
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
      canonical.setAccessible(true);
      return MethodHandles.lookup()
          .unreflectConstructor(canonical)
          .asSpreader(Object[].class, parameterTypes.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new PipelineException(
          io.zoopipe.common.pipe.ErrorKind.INVALID_CONFIGURATION,
          "schema " + type.getName() + ": cannot use its canonical constructor: " + e.getMessage(),
          e);
    }
  }

  private static Constructor<?> noArgConstructor(Class<?> type) {
    try {
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw PipelineException.invalidConfiguration(
          "schema "
              + type.getName()
              + " must be a record or have a no-argument constructor: "
              + e.getMessage());
    }
  }

  private static List<Field> bindableFields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      List<Field> declared = new ArrayList<>();
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers)
            || Modifier.isTransient(modifiers)
            || Modifier.isFinal(modifiers)
            || field.isSynthetic()) {
          continue;
        }
        field.setAccessible(true);
        declared.add(field);
      }
      fields.addAll(0, declared); // superclass fields first
    }
    return fields;
  }

  private interface Instantiator {
    Object create(@Nullable Object[] values) throws InvocationTargetException;
  }

  private record RecordInstantiator(MethodHandle constructor) implements Instantiator {
    @Override
    public Object create(@Nullable Object[] values) throws InvocationTargetException {
      try {
        return constructor.invokeExact(values);
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        throw new InvocationTargetException(e);
      }
    }
  }

  private record FieldInstantiator(Constructor<?> constructor, List<Field> fields)
      implements Instantiator {
    @Override
    public Object create(@Nullable Object[] values) throws InvocationTargetException {
      try {
        Object instance = constructor.newInstance();
        for (int i = 0; i < values.length; i++) {
          if (values[i] != null) {
            fields.get(i).set(instance, values[i]);
          }
        }
        return instance;
      } catch (InstantiationException | IllegalAccessException e) {
        throw new InvocationTargetException(e);
      }
    }
  }
}
