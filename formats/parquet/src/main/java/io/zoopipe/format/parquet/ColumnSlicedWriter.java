package io.zoopipe.format.parquet;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * Writes rows of a flat schema (every column a top-level primitive, optional or required) straight
 * to parquet-java's column writers, the columns split into contiguous slices encoded side by side.
 *
 * <p>Why not parquet-java's {@link ParquetWriter}: it encodes every value of every column on the
 * one thread that writes, through a record consumer that tracks fields, levels and missing fields
 * for nested schemas; for CSV&nbsp;→&nbsp;Parquet that thread was the whole job's bottleneck. Here
 * each slice of the columns (with its own compressor) is encoded by its own thread, each for the
 * same rows in the same order; a row group is the slices' column chunks one after the other, in
 * schema order. Each column has its own column and page store, so where its pages end depends on
 * that column alone: the file is byte for byte the same however the columns are sliced, and
 * whatever the timing. Row groups end where parquet-java's writer ends them: its memory checks, at
 * the same row counts, over the slices' buffered bytes together. After each row group the columns
 * are cut again so that the slices take as long as each other ({@link #rebalance}). A schema with
 * groups, lists or maps goes through {@link ParquetWriter}.
 *
 * <p>Used by one thread at a time (the sink's writer thread), which encodes the first slice itself
 * and hands the others to threads of the writer's own, stopped when it is closed.
 */
final class ColumnSlicedWriter implements ParquetRowWriter {
  private static final AtomicInteger WRITERS = new AtomicInteger();

  /** What a value costs to encode beside its bytes, in bytes, for {@link #rebalance}. */
  private static final double VALUE_COST_BYTES = 8;

  /** Fewer rows in a row group than this say too little about the slices' costs. */
  private static final long MIN_ROWS_TO_REBALANCE = 1000;

  private final ParquetFileWriter file;
  private final ParquetProperties props;
  private final long rowGroupBytes;
  private final List<int[]> sliceFields;
  private final List<BytesInputCompressor> compressors;
  private final @Nullable ExecutorService helpers;

  private final MessageType schema;
  private final List<Slice> slices = new ArrayList<>();
  private final int schemaColumns;
  private final boolean binaryColumns;
  private long nextRowGroupBytes;
  private long rows;
  private long nextCheck;
  private boolean closed;

  /** Whether {@code schema} can be written by this writer: every field a non-repeated primitive. */
  static boolean accepts(MessageType schema) {
    for (Type field : schema.getFields()) {
      if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
        return false;
      }
    }
    return schema.getFieldCount() > 0;
  }

  ColumnSlicedWriter(
      OutputFile output,
      MessageType schema,
      ParquetWriteOptions options,
      ParquetProperties props,
      int sliceCount)
      throws IOException {
    if (!accepts(schema)) {
      throw new IllegalArgumentException("not a flat schema: " + schema);
    }
    this.props = props;
    this.schemaColumns = schema.getFieldCount();
    this.binaryColumns =
        schema.getColumns().stream()
            .allMatch(
                column ->
                    column.getPrimitiveType().getPrimitiveTypeName()
                        == PrimitiveType.PrimitiveTypeName.BINARY);
    this.rowGroupBytes = options.rowGroupBytes();
    this.nextRowGroupBytes = rowGroupBytes;
    this.nextCheck = props.getMinRowCountForPageSizeCheck();
    int count = Math.max(1, Math.min(sliceCount, schema.getFieldCount()));
    this.schema = schema;
    this.sliceFields = new ArrayList<>(count);
    this.compressors = new ArrayList<>(count);
    int fields = schema.getFieldCount();
    int[] starts = new int[count];
    for (int s = 0; s < count; s++) {
      starts[s] = fields * s / count;
      compressors.add(ParquetCodecs.INSTANCE.getCompressor(options.compression()));
    }
    cut(starts);
    this.helpers = count > 1 ? Executors.newFixedThreadPool(count - 1, threads()) : null;
    ParquetFileWriter opened;
    try {
      opened =
          new ParquetFileWriter(
              output,
              schema,
              ParquetFileWriter.Mode.OVERWRITE,
              rowGroupBytes,
              ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
              null,
              props);
      opened.start();
    } catch (IOException | RuntimeException e) {
      shutDown();
      throw e;
    }
    this.file = opened;
    openStores();
  }

  private static ThreadFactory threads() {
    int writer = WRITERS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread =
          new Thread(task, "zoopipe-parquet-" + writer + "-slice-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Cuts the columns into slices starting at {@code starts} (ascending, the first 0). */
  private void cut(int[] starts) {
    sliceFields.clear();
    for (int s = 0; s < starts.length; s++) {
      int from = starts[s];
      int to = s + 1 < starts.length ? starts[s + 1] : schemaColumns;
      int[] indexes = new int[to - from];
      for (int i = 0; i < indexes.length; i++) {
        indexes[i] = from + i;
      }
      sliceFields.add(indexes);
    }
  }

  /** Where each slice starts: the index of its first column. For tests. */
  List<Integer> sliceStarts() {
    List<Integer> starts = new ArrayList<>();
    sliceFields.forEach(fields -> starts.add(fields[0]));
    return starts;
  }

  /**
   * Cuts the columns again so that each slice should take as long as the others: the time each
   * slice took for the row group just written is spread over its columns in proportion to the bytes
   * of their values plus {@link #VALUE_COST_BYTES} per value, and the columns are cut where those
   * shares add up to equal parts. The writer's thread waits for the slowest slice on every run of
   * rows; on the 28-column users data, cut by column count, one slice took 1.3 times as long as the
   * other. Where pages end does not depend on the cut (each column has its own stores), so the file
   * is the same whatever the timing.
   */
  private void rebalance() {
    int count = slices.size();
    if (count < 2 || rows < MIN_ROWS_TO_REBALANCE) {
      return;
    }
    double[] weights = new double[schemaColumns];
    double total = 0;
    for (Slice slice : slices) {
      double model = 0;
      for (int i = 0; i < slice.fields.length; i++) {
        model += slice.valueBytes[i] + VALUE_COST_BYTES * (double) rows;
      }
      for (int i = 0; i < slice.fields.length; i++) {
        double cost = slice.valueBytes[i] + VALUE_COST_BYTES * (double) rows;
        weights[slice.fields[i]] = slice.nanos * cost / model;
        total += weights[slice.fields[i]];
      }
    }
    if (total <= 0) {
      return;
    }
    int[] starts = new int[count];
    int column = 0;
    double sum = 0;
    for (int s = 1; s < count; s++) {
      double target = total * s / count;
      // At least one column to each slice before and after this cut.
      int highest = schemaColumns - (count - s);
      if (column < starts[s - 1] + 1) {
        sum += weights[column];
        column = starts[s - 1] + 1;
      }
      while (column < highest && sum + weights[column] / 2 < target) {
        sum += weights[column];
        column++;
      }
      starts[s] = column;
    }
    cut(starts);
  }

  private void openStores() {
    slices.clear();
    for (int s = 0; s < sliceFields.size(); s++) {
      slices.add(new Slice(sliceFields.get(s), compressors.get(s)));
    }
  }

  @Override
  public void write(List<Object[]> batch) throws IOException {
    writeRows(batch.size(), (slice, from, to) -> slice.write(batch, from, to));
  }

  @Override
  public void writeUtf8(byte[] bytes, int[] bounds, int count) throws IOException {
    if (!binaryColumns) {
      throw new UnsupportedOperationException("not a schema of string columns");
    }
    writeRows(count, (slice, from, to) -> slice.writeUtf8(bytes, bounds, from, to));
  }

  /** Writes rows {@code [0, count)}, in runs that end where a row group may end. */
  private void writeRows(int count, RowRun run) throws IOException {
    if (closed) {
      throw new IOException("the Parquet writer is closed");
    }
    int from = 0;
    while (from < count) {
      int to = (int) Math.min(count, from + (nextCheck - rows));
      int first = from;
      forEachSlice(slice -> run.write(slice, first, to));
      rows += to - from;
      from = to;
      if (rows >= nextCheck) {
        checkRowGroup();
      }
    }
  }

  /**
   * parquet-java's rule ({@code InternalParquetRecordWriter.checkBlockSizeReached}): end the row
   * group at its row limit or when its buffered bytes come within two rows of the size; otherwise
   * check again about halfway to where the size will be reached.
   */
  private void checkRowGroup() throws IOException {
    if (rows >= props.getRowGroupRowCountLimit()) {
      flushRowGroup();
      return;
    }
    long buffered = 0;
    for (Slice slice : slices) {
      buffered += slice.bufferedSize();
    }
    long rowBytes = Math.max(1, buffered / rows);
    if (buffered > nextRowGroupBytes - 2 * rowBytes) {
      flushRowGroup();
    } else {
      nextCheck =
          Math.min(
              Math.max(
                  props.getMinRowCountForPageSizeCheck(),
                  (rows + (long) (nextRowGroupBytes / (float) rowBytes)) / 2),
              rows + props.getMaxRowCountForPageSizeCheck());
    }
  }

  private void flushRowGroup() throws IOException {
    try {
      if (rows > 0) {
        forEachSlice(Slice::finish);
        file.startBlock(rows);
        for (Slice slice : slices) {
          slice.writeTo(file);
        }
        file.endBlock();
        nextRowGroupBytes = Math.min(file.getNextRowGroupSize(), rowGroupBytes);
        rebalance();
      }
    } finally {
      closeStores();
    }
    rows = 0;
    nextCheck = props.getMinRowCountForPageSizeCheck();
    openStores();
  }

  private void closeStores() {
    for (Slice slice : slices) {
      slice.close();
    }
    slices.clear();
  }

  /** Runs {@code action} for every slice: the first on this thread, the others on the helpers. */
  private void forEachSlice(SliceAction action) throws IOException {
    ExecutorService pool = helpers;
    if (pool == null) {
      action.run(slices.get(0));
      return;
    }
    List<Future<?>> others = new ArrayList<>(slices.size() - 1);
    for (int s = 1; s < slices.size(); s++) {
      Slice slice = slices.get(s);
      others.add(
          pool.submit(
              () -> {
                action.run(slice);
                return null;
              }));
    }
    Throwable failure = null;
    try {
      action.run(slices.get(0));
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    for (Future<?> other : others) {
      try {
        other.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        others.forEach(f -> f.cancel(true));
        throw new InterruptedIOException("interrupted while writing Parquet");
      }
    }
    if (failure != null) {
      if (failure instanceof IOException io) {
        throw io;
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(failure);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushRowGroup();
      file.end(Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, ParquetWriters.MODEL_NAME));
    } catch (IOException | RuntimeException e) {
      file.abort();
      throw e;
    } finally {
      closeStores();
      compressors.forEach(BytesInputCompressor::release);
      shutDown();
    }
  }

  private void shutDown() {
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface RowRun {
    void write(Slice slice, int from, int to);
  }

  @FunctionalInterface
  private interface SliceAction {
    void run(Slice slice) throws IOException;
  }

  /**
   * One slice's columns for the current row group, each with a column store and a page store of its
   * own, so that where a column's pages end depends on that column alone.
   */
  private final class Slice {
    final int[] fields;
    final ColumnChunkPageWriteStore[] pages;
    final ColumnWriteStore[] stores;
    final ColumnWriter[] writers;
    final PrimitiveType.PrimitiveTypeName[] types;
    final int[] maxLevels;
    // The bytes of the values written to each column, and the time spent writing, this row group.
    final long[] valueBytes;
    long nanos;

    Slice(int[] fields, BytesInputCompressor compressor) {
      this.fields = fields;
      int count = fields.length;
      this.pages = new ColumnChunkPageWriteStore[count];
      this.stores = new ColumnWriteStore[count];
      this.writers = new ColumnWriter[count];
      this.types = new PrimitiveType.PrimitiveTypeName[count];
      this.maxLevels = new int[count];
      this.valueBytes = new long[count];
      for (int i = 0; i < count; i++) {
        MessageType one = new MessageType(schema.getName(), schema.getType(fields[i]));
        pages[i] =
            new ColumnChunkPageWriteStore(
                compressor,
                one,
                props.getAllocator(),
                props.getColumnIndexTruncateLength(),
                props.getPageWriteChecksumEnabled());
        stores[i] = props.newColumnWriteStore(one, pages[i], pages[i]);
        ColumnDescriptor column = one.getColumns().get(0);
        writers[i] = stores[i].getColumnWriter(column);
        types[i] = column.getPrimitiveType().getPrimitiveTypeName();
        maxLevels[i] = column.getMaxDefinitionLevel();
      }
    }

    /** Row by row: a row's values are next to each other in the batch's arrays. */
    void writeUtf8(byte[] bytes, int[] bounds, int from, int to) {
      long began = System.nanoTime();
      for (int r = from; r < to; r++) {
        int base = 2 * r * schemaColumns;
        for (int i = 0; i < writers.length; i++) {
          int at = base + 2 * fields[i];
          int start = bounds[at];
          int length = bounds[at + 1] - start;
          valueBytes[i] += length;
          // "Reused": what parquet-java keeps of a value (a dictionary entry, a minimum or a
          // maximum) it copies; a constant slice would be kept as it is, and with it the batch.
          writers[i].write(Binary.fromReusedByteArray(bytes, start, length), 0, maxLevels[i]);
          stores[i].endRecord();
        }
      }
      nanos += System.nanoTime() - began;
    }

    void write(List<Object[]> rows, int from, int to) {
      long began = System.nanoTime();
      for (int r = from; r < to; r++) {
        Object[] row = rows.get(r);
        for (int i = 0; i < writers.length; i++) {
          Object value = row[fields[i]];
          ColumnWriter writer = writers[i];
          int level = maxLevels[i];
          if (value == null) {
            writer.writeNull(0, level - 1);
          } else {
            switch (types[i]) {
              case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> {
                Binary binary = (Binary) value;
                valueBytes[i] += binary.length();
                writer.write(binary, 0, level);
              }
              case INT32 -> writer.write(((Integer) value).intValue(), 0, level);
              case INT64 -> writer.write(((Long) value).longValue(), 0, level);
              case DOUBLE -> writer.write(((Double) value).doubleValue(), 0, level);
              case FLOAT -> writer.write(((Float) value).floatValue(), 0, level);
              case BOOLEAN -> writer.write(((Boolean) value).booleanValue(), 0, level);
            }
          }
          stores[i].endRecord();
        }
      }
      nanos += System.nanoTime() - began;
    }

    long bufferedSize() {
      long size = 0;
      for (ColumnWriteStore store : stores) {
        size += store.getBufferedSize();
      }
      return size;
    }

    /** Writes each column's last page and dictionary into its page store. */
    void finish() {
      for (ColumnWriteStore store : stores) {
        store.flush();
      }
    }

    void writeTo(ParquetFileWriter out) throws IOException {
      for (ColumnChunkPageWriteStore store : pages) {
        store.flushToFileWriter(out);
      }
    }

    void close() {
      for (int i = 0; i < stores.length; i++) {
        stores[i].close();
        pages[i].close();
      }
    }
  }
}
