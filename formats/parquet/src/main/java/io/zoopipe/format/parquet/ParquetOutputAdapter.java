package io.zoopipe.format.parquet;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.AssembledOutput;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes records as one Parquet file, published atomically when the run finishes. The Parquet
 * schema comes from the output type or the first record ({@link ParquetSchemas}); a record that
 * does not fit it becomes an error record that says why. Options: {@link ParquetWriteOptions}.
 * Written by shards, each part is a complete Parquet file of the same schema, and the commit
 * assembles the destination from the parts' row groups, copied without decoding ({@link
 * ParquetAssembler}). An immutable value; thread-safe.
 */
public final class ParquetOutputAdapter implements AssembledOutput {
  private final Location location;
  private final ParquetWriteOptions options;

  public ParquetOutputAdapter(String location) {
    this(Location.parse(location));
  }

  public ParquetOutputAdapter(Location location) {
    this(location, ParquetWriteOptions.DEFAULTS);
  }

  public ParquetOutputAdapter(Location location, ParquetWriteOptions options) {
    this.location = requireNonNull(location, "location is null");
    this.options = requireNonNull(options, "options is null");
  }

  /** This output with other write options. */
  public ParquetOutputAdapter withOptions(ParquetWriteOptions options) {
    return new ParquetOutputAdapter(location, options);
  }

  public ParquetWriteOptions options() {
    return options;
  }

  @Override
  public OutputSink open(StorageFactory storage, OutputContext context) throws IOException {
    AtomicOutput output = storage.forLocation(location).create(location);
    return new ParquetOutputSink(location, output, options, context);
  }

  @Override
  public void checkWritable(StorageFactory storage) throws IOException {
    storage.forLocation(location).checkWritable(location);
  }

  /** A part is a complete Parquet file: the same output at the part's location. */
  @Override
  public OutputAdapter asPart() {
    return this;
  }

  @Override
  public StagedOutput assemble(
      List<Location> parts, Location destination, Location workDirectory, StorageFactory storage)
      throws IOException {
    Storage target = storage.forLocation(destination);
    return new ParquetAssembler(storage, options).assemble(parts, destination, target);
  }

  @Override
  public Optional<Location> location() {
    return Optional.of(location);
  }

  @Override
  public String describe() {
    return "Parquet " + location;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ParquetOutputAdapter that
        && location.equals(that.location)
        && options.equals(that.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, options);
  }

  @Override
  public String toString() {
    return "ParquetOutputAdapter[" + describe() + ", " + options + "]";
  }
}
