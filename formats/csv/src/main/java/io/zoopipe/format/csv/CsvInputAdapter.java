package io.zoopipe.format.csv;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads CSV (or TSV, or any single-byte delimiter) from a file or object, optionally gzip or zstd
 * compressed by extension. An immutable value: a location, {@link CsvOptions} and the byte range to
 * read. Thread-safe.
 *
 * <p>A range is read by the shard rule: the reader owns the records that start inside it. By
 * default a range starting after 0 guesses its first record boundary (just after a line feed),
 * which a quoted line break can fool; {@link #withExactRange} trusts the start instead, which is
 * how a shard is re-read once the previous shard has told where its last record really ended.
 * Compressed inputs cannot be cut and are always read whole.
 *
 * <p>Rows that cannot be read (a wrong number of fields, an unterminated quote, bytes invalid in
 * the charset, an over-long field) become failed entries naming the problem and its byte offset;
 * the rows after them are read normally. Blank lines are skipped: they are not records, so in a
 * one-column file an empty value must be written as {@code ""}. An empty unquoted field is the
 * empty string; what it means for a typed field is for the schema to decide.
 *
 * <p>Only the columns a pipe asks for are decoded (and checked against the charset); reading any
 * other column of a row's raw data throws, and {@code Entry.fullRawData()} decodes them all. Byte
 * offsets of a compressed input are offsets in its decompressed bytes.
 */
public final class CsvInputAdapter implements InputAdapter {
  private final Location location;
  private final CsvOptions options;
  private final ByteRange range;
  private final boolean exactStart;
  private final int chunkBytes;

  /** Reads {@code location} (a path or {@code s3://bucket/key}) with the default options. */
  public CsvInputAdapter(String location) {
    this(Location.parse(location), CsvOptions.defaults());
  }

  public CsvInputAdapter(Location location, CsvOptions options) {
    this(location, options, ByteRange.ALL, false, CsvFramer.DEFAULT_CHUNK_BYTES);
  }

  private CsvInputAdapter(
      Location location, CsvOptions options, ByteRange range, boolean exactStart, int chunkBytes) {
    this.location = requireNonNull(location, "location is null");
    this.options = requireNonNull(options, "options is null");
    this.range = requireNonNull(range, "range is null");
    if (!range.isAll() && !isSplittable()) {
      throw new IllegalArgumentException(
          location
              + " is compressed and cannot be read by byte range "
              + range
              + "; read it whole");
    }
    this.exactStart = exactStart;
    this.chunkBytes = chunkBytes;
  }

  public CsvInputAdapter withOptions(CsvOptions options) {
    return new CsvInputAdapter(location, options, range, exactStart, chunkBytes);
  }

  @Override
  public InputAdapter withRange(ByteRange range, boolean exactStart) {
    return exactStart ? withExactRange(range) : withRange(range);
  }

  /** Reads the records that start in {@code range}, guessing where the first one starts. */
  public CsvInputAdapter withRange(ByteRange range) {
    return new CsvInputAdapter(location, options, range, false, chunkBytes);
  }

  /** Reads the records that start in {@code range}, whose start is known to begin a record. */
  public CsvInputAdapter withExactRange(ByteRange range) {
    return new CsvInputAdapter(location, options, range, true, chunkBytes);
  }

  /** The same adapter reading in chunks of {@code chunkBytes}: for tests of chunk boundaries. */
  CsvInputAdapter withChunkBytes(int chunkBytes) {
    if (chunkBytes < 16) {
      throw new IllegalArgumentException("chunkBytes must be >= 16, got " + chunkBytes);
    }
    return new CsvInputAdapter(location, options, range, exactStart, chunkBytes);
  }

  public CsvOptions options() {
    return options;
  }

  public ByteRange range() {
    return range;
  }

  public boolean exactStart() {
    return exactStart;
  }

  @Override
  public RecordReader open(StorageFactory storage) throws IOException {
    return CsvRecordReader.open(
        storage.forLocation(location), location, options, range, exactStart, chunkBytes);
  }

  @Override
  public boolean isSplittable() {
    return Compression.fromFileName(location.fileName()) == Compression.NONE;
  }

  @Override
  public Optional<Location> location() {
    return Optional.of(location);
  }

  @Override
  public String describe() {
    return "csv "
        + location
        + (range.isAll() ? "" : " " + range + (exactStart ? " (exact start)" : ""));
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CsvInputAdapter that
        && location.equals(that.location)
        && options.equals(that.options)
        && range.equals(that.range)
        && exactStart == that.exactStart
        && chunkBytes == that.chunkBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, options, range, exactStart, chunkBytes);
  }

  @Override
  public String toString() {
    return describe();
  }
}
