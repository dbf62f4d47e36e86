package io.zoopipe.format.parquet;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.ErrorPartLayout;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.report.ErrorRow;
import java.io.IOException;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.GroupWriter;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * Parquet error parts: each is a complete Parquet file of error records ({@link ErrorRow} as a
 * Parquet group). Positions are shifted in the file itself ({@link #shift}): every row is read with
 * the part's own schema as a Parquet group, its top-level {@code position} raised, and written
 * again with the part's schema and the destination's write options, so the copy's schema is the
 * part's and the assembler can then copy its row groups with the others'. Immutable; thread-safe.
 */
final class ParquetErrorParts implements ErrorPartLayout {
  private final ParquetWriteOptions options;

  ParquetErrorParts(ParquetWriteOptions options) {
    this.options = requireNonNull(options, "options is null");
  }

  @Override
  public String positionField() {
    return ErrorRow.POSITION_FIELD;
  }

  @Override
  public String plainSuffix() {
    return ".parquet";
  }

  @Override
  public InputAdapter reader(Location plain) {
    return new ParquetInputAdapter(plain);
  }

  @Override
  public OutputAdapter writer(Location target) {
    return new ParquetOutputAdapter(target, options);
  }

  @Override
  public boolean shift(
      StorageFactory storage, Location part, Location target, long base, long records)
      throws IOException {
    StorageInputFile file = StorageInputFile.open(storage.forLocation(part), part);
    AtomicOutput output = storage.forLocation(target).create(target);
    try (ParquetFileReader reader = ParquetFooter.open(file)) {
      MessageType schema = ParquetFooter.schema(reader);
      int position = positionIndex(schema, part);
      MessageColumnIO columns = new ColumnIOFactory().getColumnIO(schema);
      long copied = 0;
      try (ParquetWriter<Group> writer = writer(output, target, schema)) {
        for (PageReadStore rows = reader.readNextRowGroup();
            rows != null;
            rows = reader.readNextRowGroup()) {
          RecordReader<Group> groups =
              columns.getRecordReader(rows, new GroupRecordConverter(schema));
          for (long i = 0; i < rows.getRowCount(); i++) {
            writer.write(shifted(groups.read(), schema, position, base));
            copied++;
          }
        }
      }
      if (copied != records) {
        throw new IOException(
            "error part "
                + part
                + " holds "
                + copied
                + " records, but its shard reported "
                + records);
      }
      output.commit();
      return true;
    } catch (IOException | RuntimeException e) {
      output.abort();
      throw e;
    }
  }

  private static int positionIndex(MessageType schema, Location part) throws IOException {
    if (schema.containsField(ErrorRow.POSITION_FIELD)) {
      Type field = schema.getType(ErrorRow.POSITION_FIELD);
      if (field.isPrimitive()
          && field.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64
          && field.isRepetition(Type.Repetition.REQUIRED)) {
        return schema.getFieldIndex(ErrorRow.POSITION_FIELD);
      }
    }
    throw new IOException(
        "error part " + part + " has no required INT64 column " + ErrorRow.POSITION_FIELD);
  }

  /** A copy of the top level of {@code row} whose position is {@code base} higher. */
  private static Group shifted(Group row, GroupType schema, int position, long base) {
    SimpleGroup copy = new SimpleGroup(schema);
    for (int field = 0; field < schema.getFieldCount(); field++) {
      Type type = schema.getType(field);
      int count = row.getFieldRepetitionCount(field);
      for (int index = 0; index < count; index++) {
        if (field == position) {
          copy.add(field, Math.addExact(row.getLong(field, index), base));
        } else if (!type.isPrimitive()) {
          copy.add(field, row.getGroup(field, index));
        } else {
          switch (type.asPrimitiveType().getPrimitiveTypeName()) {
            case BOOLEAN -> copy.add(field, row.getBoolean(field, index));
            case INT32 -> copy.add(field, row.getInteger(field, index));
            case INT64 -> copy.add(field, row.getLong(field, index));
            case FLOAT -> copy.add(field, row.getFloat(field, index));
            case DOUBLE -> copy.add(field, row.getDouble(field, index));
            case INT96 -> copy.add(field, row.getInt96(field, index));
            case BINARY, FIXED_LEN_BYTE_ARRAY -> copy.add(field, row.getBinary(field, index));
          }
        }
      }
    }
    return copy;
  }

  private ParquetWriter<Group> writer(AtomicOutput output, Location target, MessageType schema)
      throws IOException {
    return ParquetWriters.open(
        new StorageOutputFile(output, target.toString()),
        options,
        () -> new GroupWriteSupport(schema));
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ParquetErrorParts that && options.equals(that.options);
  }

  @Override
  public int hashCode() {
    return options.hashCode();
  }

  /** Writes groups of one schema; named as the sink's write support, so the footers agree. */
  private static final class GroupWriteSupport extends ParquetWriters.SchemaWriteSupport<Group> {
    private @Nullable GroupWriter writer;

    GroupWriteSupport(MessageType schema) {
      super(schema);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      writer = new GroupWriter(recordConsumer, schema);
    }

    @Override
    public void write(Group record) {
      GroupWriter current = writer;
      if (current == null) {
        throw new IllegalStateException("prepareForWrite was not called");
      }
      current.write(record);
    }
  }
}
