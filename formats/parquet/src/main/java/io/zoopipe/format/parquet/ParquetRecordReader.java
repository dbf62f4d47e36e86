package io.zoopipe.format.parquet;

import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * Reads the row groups of one Parquet file that a byte range owns (those whose first byte lies in
 * it), fetching only the column chunks of the requested top-level columns. Records are assembled on
 * the reader thread into maps ({@link RowMaterializer}) and handed out as decoded batches. An
 * entry's position counts the records this reader read (the row's index in the file when it reads
 * from the start; the manager makes shard positions global), its offset is the byte offset of its
 * row group. Not thread-safe.
 */
final class ParquetRecordReader implements RecordReader {
  private final StorageInputFile file;
  private final ParquetFileReader reader;
  private final PageDecompression decompression;
  private final ByteRange range;
  private final MessageType projection;
  private final MessageColumnIO columnIO;
  private final List<Integer> owned;
  private final List<String> columns;
  private final long expectedBytes;
  private int nextGroup;
  private @Nullable PageReadStore pages;
  private org.apache.parquet.io.@Nullable RecordReader<Map<String, Object>> rows;
  private long rowsLeftInGroup;
  private long groupOffset;
  private long position;

  ParquetRecordReader(
      StorageInputFile file,
      ParquetFileReader reader,
      PageDecompression decompression,
      ByteRange range,
      ColumnSet wanted) {
    this.file = file;
    this.reader = reader;
    this.decompression = decompression;
    this.range = range;
    MessageType schema = ParquetFooter.schema(reader);
    this.projection = project(file, schema, wanted);
    reader.setRequestedSchema(projection);
    this.columnIO = new ColumnIOFactory().getColumnIO(projection, schema);
    List<BlockMetaData> blocks = reader.getRowGroups();
    this.owned = ParquetFooter.ownedRowGroups(blocks, range);
    List<String> names = new ArrayList<>();
    projection.getFields().forEach(field -> names.add(field.getName()));
    this.columns = List.copyOf(names);
    long bytes = 0;
    for (int index : owned) {
      for (ColumnChunkMetaData chunk : blocks.get(index).getColumns()) {
        if (projection.containsPath(chunk.getPath().toArray())) {
          bytes += chunk.getTotalSize();
        }
      }
    }
    this.expectedBytes = bytes;
  }

  /** The top-level columns of {@code schema} that {@code wanted} names, in file order. */
  static MessageType project(StorageInputFile file, MessageType schema, ColumnSet wanted) {
    if (wanted.everything()) {
      return schema;
    }
    TreeSet<String> missing = new TreeSet<>(wanted.names());
    List<Type> fields = new ArrayList<>();
    for (Type field : schema.getFields()) {
      if (wanted.contains(field.getName())) {
        fields.add(field);
        missing.remove(field.getName());
      }
    }
    if (!missing.isEmpty()) {
      List<String> present = new ArrayList<>();
      schema.getFields().forEach(field -> present.add(field.getName()));
      throw ParquetFooter.invalid(
          file.location(),
          "has no column "
              + String.join(", ", missing)
              + " (the schema or a hook needs it; the file has "
              + String.join(", ", present)
              + ")");
    }
    return new MessageType(schema.getName(), fields);
  }

  PageDecompression decompression() {
    return decompression;
  }

  MessageType projection() {
    return projection;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public @Nullable RawBatch next(int maxRecords) throws IOException {
    List<Entry> entries = new ArrayList<>(Math.min(maxRecords, 4096));
    while (entries.size() < maxRecords) {
      if (rowsLeftInGroup == 0 && !nextRowGroup()) {
        break;
      }
      org.apache.parquet.io.RecordReader<Map<String, Object>> current = rows;
      if (current == null) {
        throw new IllegalStateException("no row group open");
      }
      Map<String, Object> row;
      try {
        row = current.read();
      } catch (ParquetDecodingException | IllegalArgumentException e) {
        throw ParquetFooter.invalid(
            file.location(),
            "has a corrupt row group at byte offset " + groupOffset + ": " + e.getMessage());
      }
      rowsLeftInGroup--;
      Map<String, Object> values = row;
      entries.add(
          new Entry(values, position, groupOffset, () -> new Entry.RawRecord(values, null)));
      position++;
    }
    return entries.isEmpty() ? null : new DecodedRows(entries);
  }

  private boolean nextRowGroup() throws IOException {
    releaseRowGroup();
    while (nextGroup < owned.size()) {
      int index = owned.get(nextGroup++);
      BlockMetaData block = reader.getRowGroups().get(index);
      groupOffset = block.getStartingPos();
      PageReadStore read;
      try {
        read = reader.readRowGroup(index);
      } catch (ParquetDecodingException | IllegalArgumentException e) {
        throw ParquetFooter.invalid(
            file.location(),
            "has a corrupt row group at byte offset " + groupOffset + ": " + e.getMessage());
      }
      if (read == null || read.getRowCount() == 0) {
        continue;
      }
      pages = read;
      rowsLeftInGroup = read.getRowCount();
      rows = columnIO.getRecordReader(read, new RowMaterializer(projection));
      return true;
    }
    return false;
  }

  /**
   * Lets go of the row group read last (its column chunks, a row group's compressed bytes, go back
   * to the pool they came from, its page arrays to the decompression), so that it is not still held
   * while the next one is read: else two row groups are in memory at every switch. Safe because
   * every value of the row group has been copied out of its pages ({@link RowMaterializer}).
   */
  private void releaseRowGroup() {
    rows = null;
    PageReadStore current = pages;
    pages = null;
    if (current != null) {
      current.close();
      decompression.rowGroupDone();
    }
  }

  @Override
  public long bytesRead() {
    return file.bytesRead();
  }

  @Override
  public long expectedBytes() {
    return expectedBytes;
  }

  @Override
  public long startOffset() {
    return range.start();
  }

  @Override
  public long endOffset() {
    return Math.min(range.end(), file.getLength());
  }

  @Override
  public void close() throws IOException {
    releaseRowGroup();
    reader.close();
  }

  /** Records already assembled on the reader thread. */
  private record DecodedRows(List<Entry> entries) implements RawBatch {
    @Override
    public int size() {
      return entries.size();
    }

    @Override
    public List<Entry> decode(ColumnSet columns) {
      return entries;
    }
  }
}
