package io.zoopipe.format.parquet;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.ErrorPartLayout;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.format.ShardInputs;
import io.zoopipe.common.format.ShardPlan;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;

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

  /**
   * Plans shards from the footer: at most one per row group, each a run of consecutive row groups
   * of about equal compressed size, its range running from its first row group's first byte to the
   * next shard's (the first from 0, the last to the end of the file). The note says so when the
   * file has fewer row groups than shards were wanted.
   */
  @Override
  public Optional<ShardPlan> planShards(
      DataDescription input, InputAdapter adapter, StorageFactory storage, int shards)
      throws IOException {
    StorageInputFile file =
        StorageInputFile.open(storage.forLocation(input.location()), input.location());
    List<BlockMetaData> blocks;
    try (ParquetFileReader reader = ParquetFooter.open(file)) {
      blocks = reader.getRowGroups();
    }
    return Optional.of(RowGroupPlanner.plan(input, blocks, file.getLength(), shards));
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

  /**
   * Parquet error parts are complete files of error records; their positions are shifted in the
   * file, with the part's own schema, so that the shifted copies are then assembled like output
   * parts ({@link ParquetErrorParts}).
   */
  @Override
  public Optional<ErrorPartLayout> errorParts(DataDescription destination, List<String> columns) {
    validate(destination.options());
    return Optional.of(new ParquetErrorParts(ParquetWriteOptions.from(destination.options())));
  }
}
