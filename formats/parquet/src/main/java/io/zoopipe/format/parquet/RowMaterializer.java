package io.zoopipe.format.parquet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * Assembles each Parquet record into a map ({@link ParquetRow}) of its (requested) top-level
 * columns, in schema order: groups become maps, LIST groups (3-level and the legacy 2-level forms)
 * and bare repeated fields lists, MAP groups maps, primitives the values {@link ParquetValues}
 * gives; an absent optional value is a null member. Dictionary-encoded columns decode each
 * dictionary entry once. Not thread-safe: one per reader.
 */
final class RowMaterializer extends RecordMaterializer<Map<String, Object>> {
  private final StructConverter root;

  RowMaterializer(MessageType schema) {
    this.root = new StructConverter(schema, value -> {});
  }

  @Override
  public Map<String, Object> getCurrentRecord() {
    return root.current();
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  /** Where a converter delivers the value it assembled. */
  @FunctionalInterface
  private interface Sink {
    void accept(@Nullable Object value);
  }

  static Converter converterFor(Type type, Sink sink) {
    if (type.isPrimitive()) {
      return new ValueConverter(type.asPrimitiveType(), sink);
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
        && group.getFieldCount() == 1
        && group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      return new ListConverter(group, sink);
    }
    if ((logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
            || logical == LogicalTypeAnnotation.MapKeyValueTypeAnnotation.getInstance())
        && group.getFieldCount() == 1
        && !group.getType(0).isPrimitive()
        && group.getType(0).asGroupType().getFieldCount() == 2) {
      return new MapConverter(group, sink);
    }
    return new StructConverter(group, sink);
  }

  /**
   * A group as a map of its fields ({@link ParquetRow}, sharing the field names); a repeated field
   * collects into a list.
   */
  private static final class StructConverter extends GroupConverter {
    private final Sink sink;
    private final ParquetRow.Fields fields;
    private final Converter[] converters;
    private final boolean[] repeated;
    private ParquetRow current;

    StructConverter(GroupType type, Sink sink) {
      this.sink = sink;
      int count = type.getFieldCount();
      List<String> names = new ArrayList<>(count);
      converters = new Converter[count];
      repeated = new boolean[count];
      for (int i = 0; i < count; i++) {
        Type field = type.getType(i);
        names.add(field.getName());
        int index = i;
        if (field.isRepetition(Type.Repetition.REPEATED)) {
          repeated[i] = true;
          converters[i] = converterFor(field, value -> appendTo(index, value));
        } else {
          converters[i] = converterFor(field, value -> current.set(index, value));
        }
      }
      fields = new ParquetRow.Fields(names);
      current = new ParquetRow(fields);
    }

    @SuppressWarnings("unchecked")
    private void appendTo(int index, @Nullable Object value) {
      ((List<@Nullable Object>) java.util.Objects.requireNonNull(current.at(index))).add(value);
    }

    Map<String, Object> current() {
      return current;
    }

    @Override
    public Converter getConverter(int index) {
      return converters[index];
    }

    @Override
    public void start() {
      current = new ParquetRow(fields);
      for (int i = 0; i < repeated.length; i++) {
        if (repeated[i]) {
          current.set(i, new ArrayList<>());
        }
      }
    }

    @Override
    public void end() {
      sink.accept(current);
    }
  }

  /** A LIST group: its repeated child's elements in order. */
  private static final class ListConverter extends GroupConverter {
    private final Sink sink;
    private final Converter repeated;
    private List<@Nullable Object> current = new ArrayList<>();
    private boolean delivered;

    ListConverter(GroupType list, Sink sink) {
      this.sink = sink;
      Type child = list.getType(0);
      if (isElementWrapper(list, child)) {
        Type element = child.asGroupType().getType(0);
        Converter elementConverter =
            converterFor(
                element,
                value -> {
                  delivered = true;
                  current.add(value);
                });
        repeated = new Wrapper(elementConverter, this);
      } else {
        repeated = converterFor(child, value -> current.add(value));
      }
    }

    /** Whether {@code child} is the 3-level form's wrapper group around one element. */
    private static boolean isElementWrapper(GroupType list, Type child) {
      if (child.isPrimitive()) {
        return false;
      }
      GroupType group = child.asGroupType();
      return group.getFieldCount() == 1
          && !group.getName().equals("array")
          && !group.getName().equals(list.getName() + "_tuple");
    }

    @Override
    public Converter getConverter(int index) {
      return repeated;
    }

    @Override
    public void start() {
      current = new ArrayList<>();
    }

    @Override
    public void end() {
      sink.accept(current);
    }
  }

  /** The 3-level form's repeated group around one element; an absent element is a null. */
  private static final class Wrapper extends GroupConverter {
    private final Converter inner;
    private final ListConverter list;

    Wrapper(Converter inner, ListConverter list) {
      this.inner = inner;
      this.list = list;
    }

    @Override
    public Converter getConverter(int index) {
      return inner;
    }

    @Override
    public void start() {
      list.delivered = false;
    }

    @Override
    public void end() {
      if (!list.delivered) {
        list.current.add(null);
      }
    }
  }

  /** A MAP group: its key_value entries, in order. */
  private static final class MapConverter extends GroupConverter {
    private final Sink sink;
    private final GroupConverter entries;
    private Map<Object, @Nullable Object> current = new LinkedHashMap<>();
    private @Nullable Object key;
    private @Nullable Object value;

    MapConverter(GroupType map, Sink sink) {
      this.sink = sink;
      GroupType keyValue = map.getType(0).asGroupType();
      Converter keyConverter = converterFor(keyValue.getType(0), k -> key = k);
      Converter valueConverter = converterFor(keyValue.getType(1), v -> value = v);
      entries =
          new GroupConverter() {
            @Override
            public Converter getConverter(int index) {
              return index == 0 ? keyConverter : valueConverter;
            }

            @Override
            public void start() {
              key = null;
              value = null;
            }

            @Override
            public void end() {
              Object entryKey = key;
              if (entryKey != null) {
                current.put(entryKey, value);
              }
            }
          };
    }

    @Override
    public Converter getConverter(int index) {
      return entries;
    }

    @Override
    public void start() {
      current = new LinkedHashMap<>();
    }

    @Override
    public void end() {
      sink.accept(current);
    }
  }

  /** A primitive column, with its dictionary decoded once. */
  private static final class ValueConverter extends PrimitiveConverter {
    private final Sink sink;
    private final ParquetValues.Decoder decoder;
    private final PrimitiveType type;
    private Object @Nullable [] dictionary;

    ValueConverter(PrimitiveType type, Sink sink) {
      this.type = type;
      this.sink = sink;
      this.decoder = ParquetValues.decoder(type);
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary values) {
      Object[] decoded = new Object[values.getMaxId() + 1];
      for (int id = 0; id < decoded.length; id++) {
        decoded[id] =
            switch (type.getPrimitiveTypeName()) {
              case INT32 -> decoder.fromInt(values.decodeToInt(id));
              case INT64 -> decoder.fromLong(values.decodeToLong(id));
              case FLOAT -> values.decodeToFloat(id);
              case DOUBLE -> values.decodeToDouble(id);
              case BOOLEAN -> values.decodeToBoolean(id);
              case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 ->
                  decoder.fromBinary(values.decodeToBinary(id));
            };
      }
      dictionary = decoded;
    }

    @Override
    public void addValueFromDictionary(int id) {
      Object[] decoded = dictionary;
      if (decoded == null) {
        throw new IllegalStateException("column " + type.getName() + " has no dictionary");
      }
      Object value = decoded[id];
      // byte[] values are mutable: each record gets its own copy.
      sink.accept(value instanceof byte[] bytes ? bytes.clone() : value);
    }

    @Override
    public void addBinary(Binary value) {
      sink.accept(decoder.fromBinary(value));
    }

    @Override
    public void addBoolean(boolean value) {
      sink.accept(value);
    }

    @Override
    public void addDouble(double value) {
      sink.accept(value);
    }

    @Override
    public void addFloat(float value) {
      sink.accept(value);
    }

    @Override
    public void addInt(int value) {
      sink.accept(decoder.fromInt(value));
    }

    @Override
    public void addLong(long value) {
      sink.accept(decoder.fromLong(value));
    }
  }
}
