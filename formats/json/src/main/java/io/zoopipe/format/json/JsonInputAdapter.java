package io.zoopipe.format.json;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.CountingInputStream;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON objects as records: JSON Lines, a top-level array or concatenated values ({@link
 * JsonFormat}), compressed by extension ({@code .gz}, {@code .zst}). An immutable value;
 * thread-safe.
 *
 * <p>Each record must be a JSON object; its members become the entry's raw data in document order,
 * with Jackson's natural types (see {@link #JsonInputAdapter(Location, JsonFormat)}). A record that
 * is not valid JSON or not an object becomes a failed entry; in JSON Lines reading goes on at the
 * next line, in an array or concatenated values invalid JSON stops the read with a {@link
 * PipelineException} giving its byte offset. Offsets are byte offsets in the (decompressed) input.
 * {@link io.zoopipe.common.adapter.RecordReader#columns()} is empty.
 *
 * <p>Only uncompressed JSON Lines can be read by byte range: {@link #withRange} (the first record
 * is found after the first line break at or after {@code start - 1}, which is exact for JSON Lines)
 * or {@link #withExactRange} (trusts that {@code start} is a record start). Blank lines are
 * skipped. A line longer than {@value #DEFAULT_MAX_RECORD_BYTES} bytes becomes a failed entry
 * instead of being buffered.
 *
 * <p>JSON Lines are framed on the reader thread and parsed by {@link
 * io.zoopipe.common.adapter.RawBatch#decode} on worker threads, which skips members outside the
 * requested columns ({@link io.zoopipe.common.pipe.Entry#fullRawData()} parses the line again).
 * Arrays and concatenated values are parsed on the reader thread, one batch at a time, and keep
 * every member. The reader's {@code endOffset()} at the end of a compressed input is the compressed
 * size (what {@code bytesRead()} and {@code expectedBytes()} count too), while record offsets are
 * positions in the decompressed bytes.
 */
public final class JsonInputAdapter implements InputAdapter {
  /** Longest JSON Lines record read, in bytes: 64 MiB. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;

  private final Location location;
  private final JsonFormat format;
  private final ByteRange range;
  private final boolean exactStart;
  private final int maxRecordBytes;

  /**
   * Reads {@code location} in the format its name implies ({@link JsonFormat#forInput}): JSON Lines
   * for {@code .jsonl}/{@code .ndjson}, otherwise {@link JsonFormat#AUTO}.
   */
  public JsonInputAdapter(String location) {
    this(Location.parse(location));
  }

  /** Reads {@code location} in the format its name implies ({@link JsonFormat#forInput}). */
  public JsonInputAdapter(Location location) {
    this(location, JsonFormat.forInput(location.fileName()));
  }

  /**
   * Reads {@code location} in {@code format}. Values are read as {@code LinkedHashMap} (member
   * order kept), {@code ArrayList}, {@code String}, {@code Integer}, {@code Long} or {@code
   * BigInteger} (the smallest that fits), {@code Double} for numbers with a fraction or exponent
   * ({@code BigDecimal} only where a double would overflow), {@code Boolean} and null. A repeated
   * member keeps its first place and its last value.
   */
  public JsonInputAdapter(Location location, JsonFormat format) {
    this(location, format, ByteRange.ALL, false, DEFAULT_MAX_RECORD_BYTES);
  }

  private JsonInputAdapter(
      Location location,
      JsonFormat format,
      ByteRange range,
      boolean exactStart,
      int maxRecordBytes) {
    this.location = requireNonNull(location, "location is null");
    this.format = requireNonNull(format, "format is null");
    this.range = requireNonNull(range, "range is null");
    this.exactStart = exactStart;
    this.maxRecordBytes = maxRecordBytes;
    if (!range.isAll() && !isSplittable()) {
      throw PipelineException.invalidConfiguration(
          describeFormat()
              + " "
              + location
              + " cannot be read by byte range "
              + range
              + ": "
              + whyNotSplittable());
    }
    if (maxRecordBytes < 1) {
      throw PipelineException.invalidConfiguration(
          "maxRecordBytes must be >= 1, got " + maxRecordBytes);
    }
  }

  /**
   * This input restricted to the records that start in {@code range}; the first record is found by
   * looking for a line break. Only for splittable inputs.
   *
   * @throws PipelineException of kind INVALID_CONFIGURATION if the input is not splittable and the
   *     range is not {@link ByteRange#ALL}
   */
  public JsonInputAdapter withRange(ByteRange range) {
    return new JsonInputAdapter(location, format, range, false, maxRecordBytes);
  }

  /**
   * This input restricted to the records that start in {@code range}, trusting that {@code
   * range.start()} is where a record starts (the previous shard's end offset).
   */
  public JsonInputAdapter withExactRange(ByteRange range) {
    return new JsonInputAdapter(location, format, range, true, maxRecordBytes);
  }

  @Override
  public InputAdapter withRange(ByteRange range, boolean exactStart) {
    return exactStart ? withExactRange(range) : withRange(range);
  }

  /** This input with another limit on the length of a JSON Lines record, in bytes. */
  public JsonInputAdapter withMaxRecordBytes(int maxRecordBytes) {
    return new JsonInputAdapter(location, format, range, exactStart, maxRecordBytes);
  }

  public JsonFormat format() {
    return format;
  }

  public ByteRange range() {
    return range;
  }

  /** Whether the range's start is trusted to be a record start. */
  public boolean exactStart() {
    return exactStart;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public Compression compression() {
    return Compression.fromFileName(location.fileName());
  }

  @Override
  public boolean isSplittable() {
    return format == JsonFormat.JSONL && compression() == Compression.NONE;
  }

  @Override
  public Optional<Location> location() {
    return Optional.of(location);
  }

  @Override
  public String describe() {
    return describeFormat() + " " + location + (range.isAll() ? "" : " " + range);
  }

  @Override
  public RecordReader open(StorageFactory storages) throws IOException {
    Storage storage = storages.forLocation(location);
    if (!isSplittable()) {
      return openWhole(storage);
    }
    boolean findLineStart = !exactStart && range.start() > 0;
    long streamOffset = findLineStart ? range.start() - 1 : range.start();
    long expectedBytes =
        range.end() == Long.MAX_VALUE ? storage.size(location) - range.start() : range.length();
    CountingInputStream counting =
        new CountingInputStream(storage.open(location, streamOffset, range.end()));
    try {
      return new JsonLinesReader(
          counting,
          counting,
          false,
          streamOffset,
          findLineStart,
          range.end(),
          Math.max(expectedBytes, 0),
          maxRecordBytes);
    } catch (IOException | RuntimeException e) {
      counting.close();
      throw e;
    }
  }

  /** Opens the whole input: compressed, or a format that must be parsed from its start. */
  private RecordReader openWhole(Storage storage) throws IOException {
    long size = storage.size(location);
    CountingInputStream counting =
        new CountingInputStream(storage.open(location, 0, Long.MAX_VALUE));
    try {
      InputStream in;
      try {
        in = compression().decompress(counting);
      } catch (IOException e) {
        throw new IOException(
            "cannot read " + location + " as " + compression() + ": " + e.getMessage(), e);
      }
      if (format == JsonFormat.JSONL) {
        return new JsonLinesReader(
            in, counting, true, 0, false, Long.MAX_VALUE, size, maxRecordBytes);
      }
      return JsonStreamReader.open(location.toString(), in, counting, format, size);
    } catch (IOException | RuntimeException e) {
      counting.close();
      throw e;
    }
  }

  private String describeFormat() {
    return switch (format) {
      case JSONL -> "JSON Lines";
      case ARRAY -> "JSON array";
      case CONCATENATED -> "concatenated JSON";
      case AUTO -> "JSON";
    };
  }

  private String whyNotSplittable() {
    if (compression() != Compression.NONE) {
      return "compressed (" + compression() + ") input must be read whole";
    }
    return "only JSON Lines can be split (format is "
        + format
        + "); read it whole with ByteRange.ALL";
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof JsonInputAdapter that
        && location.equals(that.location)
        && format == that.format
        && range.equals(that.range)
        && exactStart == that.exactStart
        && maxRecordBytes == that.maxRecordBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, format, range, exactStart, maxRecordBytes);
  }

  @Override
  public String toString() {
    return "JsonInputAdapter[" + describe() + (exactStart ? ", exact start" : "") + "]";
  }
}
