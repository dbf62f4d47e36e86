package io.zoopipe.format.parquet;

import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * Writes the values {@link RowPreparer} made to Parquet's record consumer, field by field. Not
 * thread-safe: the sink's writer thread drives it.
 */
final class RowWriteSupport extends ParquetWriters.SchemaWriteSupport<Object[]> {
  private @Nullable RecordConsumer consumer;

  RowWriteSupport(MessageType schema) {
    super(schema);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Object[] record) {
    RecordConsumer out = consumer();
    out.startMessage();
    fields(out, schema, record);
    out.endMessage();
  }

  private RecordConsumer consumer() {
    RecordConsumer out = consumer;
    if (out == null) {
      throw new IllegalStateException("prepareForWrite was not called");
    }
    return out;
  }

  private static void fields(RecordConsumer out, GroupType type, @Nullable Object[] values) {
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value != null) {
        Type field = type.getType(i);
        out.startField(field.getName(), i);
        value(out, field, value);
        out.endField(field.getName(), i);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void value(RecordConsumer out, Type type, Object value) {
    if (type.isPrimitive()) {
      switch (type.asPrimitiveType().getPrimitiveTypeName()) {
        case BOOLEAN -> out.addBoolean((Boolean) value);
        case INT32 -> out.addInteger((Integer) value);
        case INT64 -> out.addLong((Long) value);
        case FLOAT -> out.addFloat((Float) value);
        case DOUBLE -> out.addDouble((Double) value);
        case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> out.addBinary((Binary) value);
      }
      return;
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
    out.startGroup();
    if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      List<@Nullable Object> elements = (List<@Nullable Object>) value;
      if (!elements.isEmpty()) {
        GroupType repeated = group.getType(0).asGroupType();
        out.startField(repeated.getName(), 0);
        for (Object element : elements) {
          out.startGroup();
          fields(out, repeated, new @Nullable Object[] {element});
          out.endGroup();
        }
        out.endField(repeated.getName(), 0);
      }
    } else if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
      List<@Nullable Object[]> entries = (List<@Nullable Object[]>) value;
      if (!entries.isEmpty()) {
        GroupType keyValue = group.getType(0).asGroupType();
        out.startField(keyValue.getName(), 0);
        for (Object[] entry : entries) {
          out.startGroup();
          fields(out, keyValue, entry);
          out.endGroup();
        }
        out.endField(keyValue.getName(), 0);
      }
    } else {
      fields(out, group, (Object[]) value);
    }
    out.endGroup();
  }
}
