package io.zoopipe.format.json;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.Envelope;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.PartedOutput;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes records as JSON Lines or as one JSON array ({@link JsonFormat#JSONL}, {@link
 * JsonFormat#ARRAY}), compressed by extension ({@code .gz}, {@code .zst}), through {@link
 * io.zoopipe.common.io.Storage#create} so that nothing appears at the destination before the output
 * is finished. An immutable value; thread-safe.
 *
 * <p>Records may be maps, Java records (honouring Jackson annotations such as {@code
 * JsonProperty}), beans or {@link io.zoopipe.common.report.ErrorRow}s. java.time values are written
 * as ISO-8601 strings, {@code BigDecimal} in plain notation, {@code Optional} as its value or null,
 * and an object without properties as {@code {}}.
 *
 * <p>The output is always complete JSON. JSON Lines: every record followed by {@code "\n"}; no
 * records, an empty file. Array: {@value #ARRAY_OPEN_TEXT}, the records separated by {@value
 * #SEPARATOR_TEXT}, then {@value #ARRAY_CLOSE_TEXT}; no records, {@value #EMPTY_ARRAY_TEXT}.
 *
 * <p>{@link #withoutEnvelope()} writes an array <em>part</em> for a merger to assemble: the records
 * separated by {@code ",\n"}, without brackets and without a separator before the first or after
 * the last; a part without records is empty. Parts {@code p1..pn} merge into one array as {@code
 * "[\n" + p1 + ",\n" + p2 + ... + "\n]\n"} skipping parts without records, or {@code "[]\n"} when
 * no part has any (with compression, each piece is compressed on its own and the compressed pieces
 * concatenated). JSON Lines parts are ordinary JSON Lines and concatenate as they are.
 */
public final class JsonOutputAdapter implements PartedOutput {
  /** What an array output starts with when it has records. */
  public static final String ARRAY_OPEN_TEXT = "[\n";

  /** What separates two records in an array. */
  public static final String SEPARATOR_TEXT = ",\n";

  /** What an array output ends with when it has records. */
  public static final String ARRAY_CLOSE_TEXT = "\n]\n";

  /** The whole of an array output without records. */
  public static final String EMPTY_ARRAY_TEXT = "[]\n";

  private final Location location;
  private final JsonFormat format;
  private final boolean indent;
  private final boolean envelope;

  /**
   * Writes {@code location} in the format its name implies ({@link JsonFormat#forOutput}): JSON
   * Lines for {@code .jsonl}/{@code .ndjson}, otherwise an array.
   */
  public JsonOutputAdapter(String location) {
    this(Location.parse(location));
  }

  /** Writes {@code location} in the format its name implies ({@link JsonFormat#forOutput}). */
  public JsonOutputAdapter(Location location) {
    this(location, JsonFormat.forOutput(location.fileName()));
  }

  public JsonOutputAdapter(String location, JsonFormat format) {
    this(Location.parse(location), format);
  }

  /**
   * @param format {@link JsonFormat#JSONL} or {@link JsonFormat#ARRAY}
   */
  public JsonOutputAdapter(Location location, JsonFormat format) {
    this(location, format, false, true);
  }

  private JsonOutputAdapter(
      Location location, JsonFormat format, boolean indent, boolean envelope) {
    this.location = requireNonNull(location, "location is null");
    this.format = requireNonNull(format, "format is null");
    if (!format.isWritable()) {
      throw PipelineException.invalidConfiguration(
          "cannot write " + location + " as " + format + ": choose JSONL or ARRAY");
    }
    if (indent && format != JsonFormat.ARRAY) {
      throw PipelineException.invalidConfiguration(
          "cannot indent " + location + ": JSON Lines need one record per line");
    }
    this.indent = indent;
    this.envelope = envelope;
  }

  /** This output, indented over several lines ({@link JsonFormat#ARRAY} only) or compact. */
  public JsonOutputAdapter withIndent(boolean indent) {
    return new JsonOutputAdapter(location, format, indent, envelope);
  }

  /**
   * This output as a part of an array, without brackets (see the class description). Changes
   * nothing for JSON Lines.
   */
  public JsonOutputAdapter withoutEnvelope() {
    return new JsonOutputAdapter(location, format, indent, false);
  }

  /** This output, written to another location (a part file, say). */
  @Override
  public OutputAdapter asPart() {
    return withoutEnvelope();
  }

  @Override
  public Envelope envelope(List<String> columns) {
    return switch (format) {
      case ARRAY ->
          new Envelope(
              bytes(ARRAY_OPEN_TEXT),
              bytes(SEPARATOR_TEXT),
              bytes(ARRAY_CLOSE_TEXT),
              bytes(EMPTY_ARRAY_TEXT));
      case JSONL, CONCATENATED, AUTO -> Envelope.NONE;
    };
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  public JsonOutputAdapter withLocation(Location location) {
    return new JsonOutputAdapter(location, format, indent, envelope);
  }

  public JsonFormat format() {
    return format;
  }

  public boolean indent() {
    return indent;
  }

  /** Whether an array output has its brackets (false for a part). */
  public boolean envelope() {
    return envelope;
  }

  public Compression compression() {
    return Compression.fromFileName(location.fileName());
  }

  @Override
  public OutputSink open(StorageFactory storage, OutputContext context) throws IOException {
    AtomicOutput output = storage.forLocation(location).create(location);
    try {
      return new JsonOutputSink(location, output, compression(), format, indent, envelope);
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
    String kind =
        switch (format) {
          case JSONL -> "JSON Lines";
          case ARRAY -> envelope ? "JSON array" : "JSON array part";
          case CONCATENATED, AUTO -> throw new IllegalStateException("not writable: " + format);
        };
    return kind + " " + location;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof JsonOutputAdapter that
        && location.equals(that.location)
        && format == that.format
        && indent == that.indent
        && envelope == that.envelope;
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, format, indent, envelope);
  }

  @Override
  public String toString() {
    return "JsonOutputAdapter[" + describe() + (indent ? ", indented" : "") + "]";
  }
}
