package io.zoopipe.format.csv;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.Envelope;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.PartedOutput;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes records as CSV to a file or object, gzip or zstd compressed by extension ({@code .gz},
 * {@code .zst}), visible only once the run finishes. An immutable value; thread-safe.
 *
 * <p>Uses the delimiter, quote, header flag and charset of its {@link CsvOptions}; lines end with
 * LF. The header is {@link CsvOptions#columns()} when given, else the columns of the first record
 * written; with no record, the components of the context's schema record, or the input's columns
 * (for an error output, opened with schema {@code ErrorRow.class}: the input's columns followed by
 * {@code ErrorRow.FLAT_COLUMNS}), else the file is empty. Every line is written against the header:
 * a column a record lacks is empty, and a record with a key that is not in the header is not
 * written: it becomes an error record naming the keys (an error record itself keeps such keys in
 * its raw text, as JSON).
 */
public final class CsvOutputAdapter implements PartedOutput {
  private final Location location;
  private final CsvOptions options;

  /** Writes {@code location} (a path or {@code s3://bucket/key}) with the default options. */
  public CsvOutputAdapter(String location) {
    this(Location.parse(location), CsvOptions.defaults());
  }

  public CsvOutputAdapter(Location location, CsvOptions options) {
    this.location = requireNonNull(location, "location is null");
    this.options = requireNonNull(options, "options is null");
  }

  public CsvOutputAdapter withOptions(CsvOptions options) {
    return new CsvOutputAdapter(location, options);
  }

  /** The same output without a header line: a part file that is concatenated after a header. */
  public CsvOutputAdapter withoutHeader() {
    return withOptions(options.withHeader(false));
  }

  public CsvOptions options() {
    return options;
  }

  /** A part has no header: the merger writes one, from {@link #envelope}. */
  @Override
  public OutputAdapter asPart() {
    return withoutHeader();
  }

  /** The header line for {@code columns} (when this output has a header) heads the merge. */
  @Override
  public Envelope envelope(List<String> columns) {
    byte[] header =
        options.header() && !columns.isEmpty()
            ? new CsvRecordEncoder(options, List.of()).header(columns)
            : new byte[0];
    return new Envelope(header, new byte[0], new byte[0], header);
  }

  @Override
  public OutputSink open(StorageFactory storage, OutputContext context) throws IOException {
    AtomicOutput output = storage.forLocation(location).create(location);
    try {
      return new CsvOutputSink(location, options, context, output);
    } catch (IOException | RuntimeException e) {
      output.abort();
      throw e;
    }
  }

  @Override
  public void checkWritable(StorageFactory storage) throws IOException {
    storage.forLocation(location).checkWritable(location);
  }

  @Override
  public Optional<Location> location() {
    return Optional.of(location);
  }

  @Override
  public String describe() {
    return "csv " + location;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CsvOutputAdapter that
        && location.equals(that.location)
        && options.equals(that.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, options);
  }

  @Override
  public String toString() {
    return describe();
  }
}
