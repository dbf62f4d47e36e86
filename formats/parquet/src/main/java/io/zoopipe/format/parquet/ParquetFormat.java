package io.zoopipe.format.parquet;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.format.ShardInputs;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * Apache Parquet ({@code parquet}, {@code .parquet} files). Inputs take no options and split by row
 * group; outputs take {@code compression}, {@code row_group_size}, {@code page_size} and {@code
 * dictionary} ({@link ParquetWriteOptions}). Before planning, {@link #probe} reads the footer once,
 * so a file that is not valid Parquet fails with a one-line message before any worker starts.
 * Stateless; thread-safe.
 */
public final class ParquetFormat implements FormatProvider {
  /** The format's name. */
  public static final String NAME = "parquet";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> extensions() {
    return Set.of(".parquet");
  }

  @Override
  public boolean splittable() {
    return true;
  }

  @Override
  public Set<String> optionNames() {
    return ParquetWriteOptions.NAMES;
  }

  @Override
  public void validate(FormatOptions options) {
    options.requireKnown(NAME, optionNames());
    ParquetWriteOptions.from(options);
  }

  @Override
  public InputAdapter input(DataDescription description) {
    validate(description.options());
    return new ParquetInputAdapter(description.location());
  }

  @Override
  public OutputAdapter output(DataDescription description) {
    validate(description.options());
    return new ParquetOutputAdapter(
        description.location(), ParquetWriteOptions.from(description.options()));
  }

  @Override
  public Optional<DataDescription> describe(InputAdapter adapter) {
    if (adapter instanceof ParquetInputAdapter parquet) {
      if (!parquet.range().isAll()) {
        throw new IllegalArgumentException(
            parquet.describe() + " is already restricted to a byte range and cannot travel");
      }
      return Optional.of(
          DataDescription.of(adapter.location().orElseThrow(), NAME, FormatOptions.none()));
    }
    return Optional.empty();
  }

  @Override
  public Optional<DataDescription> describe(OutputAdapter adapter) {
    if (adapter instanceof ParquetOutputAdapter parquet) {
      return Optional.of(
          DataDescription.of(
              adapter.location().orElseThrow(), NAME, parquet.options().toOptions()));
    }
    return Optional.empty();
  }

  @Override
  public ShardInputs probe(DataDescription input, InputAdapter adapter, StorageFactory storage)
      throws IOException {
    StorageInputFile file =
        StorageInputFile.open(storage.forLocation(input.location()), input.location());
    try (ParquetFileReader reader = ParquetFooter.open(file)) {
      reader.getRowGroups();
    }
    return index -> input;
  }
}
