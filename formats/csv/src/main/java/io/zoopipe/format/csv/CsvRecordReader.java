package io.zoopipe.format.csv;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.CountingInputStream;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.common.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads one CSV file, or the records that start in one byte range of it, as {@link CsvRawBatch}es.
 * The reader thread only frames records and copies their bytes; no string is built here.
 *
 * <p>A range that starts after 0 either trusts its start as a record boundary ({@code exactStart})
 * or guesses: the first record starts just after the first line break (LF, CRLF or a lone CR) at or
 * after {@code start - 1}. The reader then owns every record that starts before the range's end,
 * reading past the end to finish the last one. Blank lines are skipped and do not count as records.
 * Not thread-safe.
 */
final class CsvRecordReader implements RecordReader {
  /** A batch stops growing past this many bytes even if it has fewer records than asked. */
  static final int BATCH_SOFT_MAX_BYTES = 8 << 20;

  private final Location location;
  private final CsvOptions options;
  private final ByteRange range;
  private final boolean compressed;
  private final CountingInputStream counted;
  private final CsvFramer framer;
  private final long expectedBytes;
  private final long startOffset;
  private final long firstRecordOffset;
  private CsvColumns columns = new CsvColumns(List.of());
  private CsvRawBatch.@Nullable Builder pending;
  private long nextPosition;
  private int lastBatchBytes = 1 << 16;
  private long endOffset = -1;

  private CsvRecordReader(
      Location location,
      CsvOptions options,
      ByteRange range,
      Compression compression,
      CountingInputStream counted,
      CsvFramer framer,
      long size,
      boolean exactStart)
      throws IOException {
    this.location = location;
    this.options = options;
    this.range = range;
    this.compressed = compression != Compression.NONE;
    this.counted = counted;
    this.framer = framer;
    this.expectedBytes =
        range.isAll() ? size : Math.max(0, Math.min(range.end(), size) - range.start());
    boolean fromFileStart = range.start() == 0;
    if (fromFileStart) {
      framer.skipByteOrderMark();
    } else if (!exactStart) {
      framer.skipPastLineBreak();
    }
    this.firstRecordOffset = framer.position();
    this.startOffset = fromFileStart ? 0 : firstRecordOffset;
  }

  /** Opens a reader; the caller closes it. */
  static CsvRecordReader open(
      Storage storage,
      Location location,
      CsvOptions options,
      ByteRange range,
      boolean exactStart,
      int chunkBytes)
      throws IOException {
    Compression compression = Compression.fromFileName(location.fileName());
    long size = storage.size(location);
    long openAt = range.start() == 0 || exactStart ? range.start() : range.start() - 1;
    CountingInputStream counted =
        new CountingInputStream(storage.open(location, openAt, range.end()));
    InputStream in = counted;
    try {
      in = compression.decompress(counted);
      CsvFramer framer = new CsvFramer(in, openAt, options, chunkBytes);
      CsvRecordReader reader =
          new CsvRecordReader(
              location, options, range, compression, counted, framer, size, exactStart);
      reader.resolveColumns(storage, chunkBytes);
      return reader;
    } catch (IOException | RuntimeException e) {
      in.close(); // the decompressor too, which may hold native memory
      throw e;
    }
  }

  private void resolveColumns(Storage storage, int chunkBytes) throws IOException {
    List<String> given = options.columns();
    if (range.start() > 0) {
      // Mid-file: the header, or the first record that names the columns, is at the file's start.
      columns = new CsvColumns(given.isEmpty() ? columnsFromFileStart(storage, chunkBytes) : given);
      return;
    }
    if (!options.header() && !given.isEmpty()) {
      columns = new CsvColumns(given);
      return;
    }
    CsvRawBatch.Builder first = firstRecord(framer, options);
    if (options.header()) {
      columns = new CsvColumns(given.isEmpty() ? namesFrom(first, true) : given);
    } else {
      columns = new CsvColumns(namesFrom(first, false));
      if (first != null && range.end() > 0) {
        pending = first; // the first record is data: hand it out with the first batch
      }
    }
  }

  private List<String> columnsFromFileStart(Storage storage, int chunkBytes) throws IOException {
    // A header is usually far shorter than a chunk; the framer reads on if it is not.
    try (CsvFramer fromStart =
        new CsvFramer(storage.open(location, 0, chunkBytes), 0, options, chunkBytes)) {
      fromStart.skipByteOrderMark();
      return namesFrom(firstRecord(fromStart, options), options.header());
    }
  }

  /** The first non-blank record, or null for an empty input. */
  private static CsvRawBatch.@Nullable Builder firstRecord(CsvFramer framer, CsvOptions options)
      throws IOException {
    while (framer.next()) {
      if (!isBlank(framer)) {
        CsvRawBatch.Builder builder = new CsvRawBatch.Builder(options, 0, 1, 1024);
        builder.add(
            framer.recordBytes(),
            framer.recordStart(),
            framer.recordEnd(),
            framer.recordOffset(),
            framer.problem(),
            framer.recordFields(),
            framer.recordSize());
        return builder;
      }
    }
    return null;
  }

  private List<String> namesFrom(CsvRawBatch.@Nullable Builder first, boolean header) {
    if (first == null) {
      return List.of();
    }
    CsvRecordDecoder decoder = new CsvRecordDecoder(new CsvColumns(List.of()), options, true);
    List<String> fields = first.fields(decoder);
    List<Violation> violations = decoder.violations();
    String problem = first.problem(0);
    if (!header) {
      List<String> names = new ArrayList<>(fields.size());
      for (int i = 1; i <= fields.size(); i++) {
        names.add("column_" + i);
      }
      return names;
    }
    if (problem != null || violations != null) {
      throw PipelineException.invalidInput(
          "the header of "
              + location
              + " is malformed: "
              + (problem != null
                  ? problem
                  : requireNonNull(violations, "no problem, so violations").get(0).toString()));
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i);
      if (name.isEmpty()) {
        throw PipelineException.invalidInput(
            "the header of "
                + location
                + " has an empty name for column "
                + (i + 1)
                + ": "
                + fields);
      }
      Integer before = seen.putIfAbsent(name, i);
      if (before != null) {
        throw PipelineException.invalidInput(
            "the header of "
                + location
                + " names column '"
                + name
                + "' twice (columns "
                + (before + 1)
                + " and "
                + (i + 1)
                + ")");
      }
    }
    return fields;
  }

  @Override
  public List<String> columns() {
    return columns.names();
  }

  @Override
  public @Nullable CsvRawBatch next(int maxRecords) throws IOException {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
    }
    CsvRawBatch.Builder batch = pending;
    pending = null;
    if (batch == null) {
      if (endOffset >= 0) {
        return null;
      }
      batch =
          new CsvRawBatch.Builder(
              options,
              nextPosition,
              Math.min(maxRecords, 4096),
              lastBatchBytes + lastBatchBytes / 8);
    }
    while (endOffset < 0 && batch.count() < maxRecords && batch.bytes() < BATCH_SOFT_MAX_BYTES) {
      if (!framer.next()) {
        endOffset = framer.position();
        break;
      }
      long offset = framer.recordOffset();
      // The record at the file's start owns offset 0, byte order mark included.
      long owner = range.start() == 0 && offset == firstRecordOffset ? 0 : offset;
      if (owner >= range.end()) {
        endOffset = owner;
        break;
      }
      if (!isBlank(framer)) {
        batch.add(
            framer.recordBytes(),
            framer.recordStart(),
            framer.recordEnd(),
            offset,
            framer.problem(),
            framer.recordFields(),
            framer.recordSize());
      }
    }
    if (batch.count() == 0) {
      return null;
    }
    nextPosition = batch.firstPosition() + batch.count();
    lastBatchBytes = batch.bytes();
    return batch.build(columns);
  }

  private static boolean isBlank(CsvFramer framer) {
    return framer.problem() == null && framer.recordEnd() == framer.recordStart();
  }

  @Override
  public long bytesRead() {
    return compressed ? counted.count() : Math.max(0, framer.position() - range.start());
  }

  @Override
  public long expectedBytes() {
    return expectedBytes;
  }

  @Override
  public long startOffset() {
    return startOffset;
  }

  /** As specified, once {@link #next} returned null; -1 before. */
  @Override
  public long endOffset() {
    return endOffset;
  }

  @Override
  public void close() throws IOException {
    framer.close();
  }
}
