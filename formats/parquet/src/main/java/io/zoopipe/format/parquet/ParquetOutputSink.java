package io.zoopipe.format.parquet;

import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.Utf8RowsBatch;
import io.zoopipe.common.adapter.Utf8RowsSink;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * Writes records to one Parquet file through an {@link AtomicOutput}. The schema is fixed once:
 * from the context's schema type when the records are of it, otherwise from the first record
 * encoded ({@link ParquetSchemas}); records are prepared for it on the encoding threads ({@link
 * RowPreparer}: one that does not fit is rejected, with the reason, into an error record) and
 * written on the writer thread, one row group buffered at a time ({@link ParquetWriters#openRows}:
 * a flat schema's columns encoded by {@code encode_threads} threads side by side, the pages off the
 * heap in {@link PageBufferPool}).
 */
final class ParquetOutputSink implements Utf8RowsSink {
  /**
   * The most a column's dictionary holds before the column falls back to plain encoding for the
   * rest of the row group (parquet-java's default is 1 MiB). A column of few distinct values fits
   * well within it; one of many distinct values (ids, e-mail addresses) gives up after fewer
   * values, having hashed and held fewer of them for nothing: on the 28-column users data, 128 KiB
   * wrote CSV -> Parquet about 1.2 times as fast, in a file 1.4% larger.
   */
  static final int DICTIONARY_PAGE_BYTES = 128 << 10;

  private final Location location;
  private final AtomicOutput output;
  private final ParquetWriteOptions options;
  private final OutputContext context;
  private final Object schemaLock = new Object();
  private volatile @Nullable RowPreparer preparer;
  private @Nullable ParquetRowWriter writer;
  private long written;
  private boolean done;

  ParquetOutputSink(
      Location location, AtomicOutput output, ParquetWriteOptions options, OutputContext context) {
    this.location = location;
    this.output = output;
    this.options = options;
    this.context = context;
  }

  private RowPreparer preparer(@Nullable Object first) {
    return fixPreparer(() -> schemaFor(first));
  }

  /** The preparer of the schema fixed once: by {@code schema} if nothing has fixed it yet. */
  private RowPreparer fixPreparer(Supplier<MessageType> schema) {
    RowPreparer current = preparer;
    if (current != null) {
      return current;
    }
    synchronized (schemaLock) {
      current = preparer;
      if (current == null) {
        current = new RowPreparer(schema.get());
        preparer = current;
      }
      return current;
    }
  }

  private MessageType schemaFor(@Nullable Object first) {
    Class<?> type = context.schema();
    if (first == null) {
      if (type != null && !Map.class.isAssignableFrom(type)) {
        return ParquetSchemas.fromType(type);
      }
      Map<String, Object> columns = new LinkedHashMap<>();
      context.inputColumns().forEach(column -> columns.put(column, null));
      return ParquetSchemas.fromRecord(columns);
    }
    if (first instanceof Map<?, ?> map) {
      return ParquetSchemas.fromRecord(map);
    }
    return ParquetSchemas.fromType(first.getClass());
  }

  @Override
  public EncodedBatch encode(List<?> records) {
    RowPreparer rows = preparer(records.isEmpty() ? null : records.get(0));
    List<Object[]> prepared = new ArrayList<>(records.size());
    for (Object record : records) {
      prepared.add(rows.prepare(record));
    }
    return new Rows(prepared);
  }

  /**
   * Takes the rows when they are what records of strings of these columns would be written as: no
   * schema type, and the schema fixed (now, or by an earlier batch) as one optional string column
   * per input column, which is what the first record of strings fixes.
   */
  @Override
  public @Nullable EncodedBatch encodeUtf8(Utf8RowsBatch.Utf8Rows rows) {
    Class<?> type = context.schema();
    if (type != null && !Map.class.isAssignableFrom(type)) {
      return null;
    }
    Map<String, Object> strings = new LinkedHashMap<>();
    rows.columns().forEach(column -> strings.put(column, ""));
    if (strings.size() != rows.columns().size() || strings.isEmpty()) {
      return null;
    }
    MessageType schema = ParquetSchemas.fromRecord(strings);
    return fixPreparer(() -> schema).schema().equals(schema) ? new Utf8Values(rows) : null;
  }

  @Override
  public void write(EncodedBatch batch) throws IOException {
    if (batch instanceof Utf8Values values) {
      Utf8RowsBatch.Utf8Rows rows = values.rows();
      writer().writeUtf8(rows.bytes(), rows.bounds(), rows.count());
      written += rows.count();
      return;
    }
    List<Object[]> rows = ((Rows) batch).rows();
    writer().write(rows);
    written += rows.size();
  }

  private ParquetRowWriter writer() throws IOException {
    ParquetRowWriter current = writer;
    if (current == null) {
      current =
          ParquetWriters.openRows(
              new StorageOutputFile(output, location.toString()),
              preparer(null).schema(),
              options,
              options.encodeThreads());
      writer = current;
    }
    return current;
  }

  private void closeWriter() throws IOException {
    writer().close();
  }

  @Override
  public void finish() throws IOException {
    closeWriter();
    output.commit();
    done = true;
  }

  @Override
  public StagedOutput stage() throws IOException {
    closeWriter();
    StagedOutput staged = output.stage();
    done = true;
    return staged;
  }

  @Override
  public void abort() {
    if (!done) {
      done = true;
      output.abort();
    }
  }

  @Override
  public long recordsWritten() {
    return written;
  }

  /** Rows of string values as UTF-8 bytes, ready for the writer. */
  private record Utf8Values(Utf8RowsBatch.Utf8Rows rows) implements EncodedBatch {
    @Override
    public int count() {
      return rows.count();
    }
  }

  /** Prepared rows, ready for the writer. */
  private record Rows(List<Object[]> rows) implements EncodedBatch {
    @Override
    public int count() {
      return rows.size();
    }
  }
}
