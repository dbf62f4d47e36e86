package io.zoopipe.format.parquet;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Parquet file as records of typed values (see {@link ParquetValues} for the types: {@code
 * Integer}, {@code Long}, {@code Double}, {@code String}, {@code byte[]}, {@code BigDecimal},
 * {@code LocalDate}, {@code LocalTime}, {@code Instant}, {@code LocalDateTime}, {@code UUID};
 * groups as maps, LIST as lists, MAP as maps). An immutable value; thread-safe.
 *
 * <p>Only the footer and the column chunks of the columns the pipe needs ({@link #withColumns}) are
 * read, by ranged reads through the location's {@link Storage} (on S3 no whole-object download). A
 * byte range ({@link #withRange}) owns the row groups whose first byte lies in it, so shards are
 * exact by construction whatever the start. An error record's position is the row's index among the
 * rows its reader read (in the whole file for a single run or a merged output), its offset the byte
 * offset of the row's row group. A file that is not valid Parquet, or lacks a needed column, fails
 * the run with a one-line message naming it.
 */
public final class ParquetInputAdapter implements InputAdapter {
  private final Location location;
  private final ByteRange range;
  private final ColumnSet columns;

  public ParquetInputAdapter(String location) {
    this(Location.parse(location));
  }

  public ParquetInputAdapter(Location location) {
    this(location, ByteRange.ALL, ColumnSet.all());
  }

  private ParquetInputAdapter(Location location, ByteRange range, ColumnSet columns) {
    this.location = requireNonNull(location, "location is null");
    this.range = requireNonNull(range, "range is null");
    this.columns = requireNonNull(columns, "columns is null");
  }

  /** This input restricted to the row groups whose first byte lies in {@code range}. */
  public ParquetInputAdapter withRange(ByteRange range) {
    return new ParquetInputAdapter(location, range, columns);
  }

  /** Parquet shards are exact whatever the start: {@code exactStart} changes nothing. */
  @Override
  public InputAdapter withRange(ByteRange range, boolean exactStart) {
    return withRange(range);
  }

  @Override
  public ParquetInputAdapter withColumns(ColumnSet columns) {
    return new ParquetInputAdapter(location, range, columns);
  }

  public ByteRange range() {
    return range;
  }

  /** The top-level columns read. */
  public ColumnSet columns() {
    return columns;
  }

  @Override
  public boolean isSplittable() {
    return true;
  }

  @Override
  public RecordReader open(StorageFactory storages) throws IOException {
    Storage storage = storages.forLocation(location);
    StorageInputFile file = StorageInputFile.open(storage, location);
    PageDecompression pages = new PageDecompression(true);
    ParquetFileReader reader = ParquetFooter.open(file, pages);
    try {
      return new ParquetRecordReader(file, reader, pages, range, columns);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  @Override
  public Optional<Location> location() {
    return Optional.of(location);
  }

  @Override
  public String describe() {
    return "Parquet " + location + (range.isAll() ? "" : " " + range);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ParquetInputAdapter that
        && location.equals(that.location)
        && range.equals(that.range)
        && columns.equals(that.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, range, columns);
  }

  @Override
  public String toString() {
    return "ParquetInputAdapter[" + describe() + "]";
  }
}
