package io.zoopipe.format.csv;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.format.ErrorPartLayout;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.format.ShardInputs;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.report.ErrorRow;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Delimited text ({@code csv}, also {@code tsv}): {@code .csv}, {@code .tsv} and {@code .txt}
 * files, options as in {@link CsvOptions} (keys {@code delimiter}, {@code quote}, {@code header},
 * {@code columns}, {@code charset}, {@code max_field_bytes}, {@code max_record_bytes}). A manager
 * reads the header once and hands every shard the column names; error outputs are the raw columns
 * followed by {@link ErrorRow#FLAT_COLUMNS}. Stateless; thread-safe.
 */
public final class CsvFormat implements FormatProvider {
  /** The format's name. */
  public static final String NAME = "csv";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("tsv");
  }

  @Override
  public Set<String> extensions() {
    return Set.of(".csv", ".tsv", ".txt");
  }

  /** A {@code .tsv} name (compressed or not) implies tabs. */
  @Override
  public FormatOptions impliedOptions(String fileName) {
    boolean tsv = Compression.stripExtension(fileName).toLowerCase(Locale.ROOT).endsWith(".tsv");
    return tsv ? FormatOptions.none().with(CsvFormatOptions.DELIMITER, "\t") : FormatOptions.none();
  }

  @Override
  public boolean splittable() {
    return true;
  }

  @Override
  public Set<String> optionNames() {
    return CsvFormatOptions.NAMES;
  }

  @Override
  public void validate(FormatOptions options) {
    CsvFormatOptions.parse(options);
  }

  @Override
  public InputAdapter input(DataDescription description) {
    return new CsvInputAdapter(
        description.location(), CsvFormatOptions.parse(description.options()));
  }

  @Override
  public OutputAdapter output(DataDescription description) {
    return new CsvOutputAdapter(
        description.location(), CsvFormatOptions.parse(description.options()));
  }

  /** The options of {@code csv} as a generic map (the defaults are the empty map). */
  public static FormatOptions formatOptions(CsvOptions csv) {
    return CsvFormatOptions.of(csv);
  }

  /**
   * The typed options of a generic map.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  public static CsvOptions csvOptions(FormatOptions options) {
    return CsvFormatOptions.parse(options);
  }

  @Override
  public Optional<DataDescription> describe(InputAdapter adapter) {
    if (!(adapter instanceof CsvInputAdapter csv)) {
      return Optional.empty();
    }
    if (!csv.range().isAll()) {
      throw new IllegalArgumentException("it is already restricted to a byte range");
    }
    return Optional.of(description(csv.location(), csv.options()));
  }

  @Override
  public Optional<DataDescription> describe(OutputAdapter adapter) {
    if (!(adapter instanceof CsvOutputAdapter csv)) {
      return Optional.empty();
    }
    return Optional.of(description(csv.location(), csv.options()));
  }

  private static DataDescription description(Optional<Location> location, CsvOptions options) {
    return new DataDescription(
        location.orElseThrow(() -> new IllegalArgumentException("it has no storage location")),
        NAME,
        CsvFormatOptions.of(options));
  }

  /**
   * Reads the header once: every shard gets the columns explicitly, and only the first one skips
   * the header line (later shards start past it).
   */
  @Override
  public ShardInputs probe(DataDescription input, InputAdapter adapter, StorageFactory storage)
      throws IOException {
    List<String> columns;
    try (RecordReader reader = adapter.open(storage)) {
      columns = reader.columns();
    }
    CsvOptions options = CsvFormatOptions.parse(input.options());
    CsvOptions shard = columns.isEmpty() ? options : options.withColumns(columns);
    DataDescription first = input.withOptions(CsvFormatOptions.of(shard));
    DataDescription later = input.withOptions(CsvFormatOptions.of(shard.withHeader(false)));
    return index -> index == 0 ? first : later;
  }

  @Override
  public Optional<ErrorPartLayout> errorParts(DataDescription destination, List<String> columns) {
    return Optional.of(new CsvErrorParts(CsvFormatOptions.parse(destination.options()), columns));
  }
}
