package io.zoopipe.common.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A row that failed, as written to the error output: where it was, why it failed, and what it
 * contained. JSON error outputs write it as an object; CSV error outputs write the raw columns
 * followed by {@link #CSV_COLUMNS}.
 *
 * @param position 0-based index of the record in what its reader read; in an output merged from
 *     shards, the index in the whole input (the manager adds the records read by earlier shards)
 * @param offset byte offset in the source where the record starts, or -1 where unknown
 * @param errors every reason the row failed
 * @param raw the record's columns as read (empty when it could not be split into columns)
 * @param rawText the record's text where known and needed (a record that could not be split)
 */
@JsonPropertyOrder({"position", "offset", "errors", "raw", "raw_text"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorRow(
    long position,
    long offset,
    List<Violation> errors,
    Map<String, Object> raw,
    @JsonProperty("raw_text") @Nullable String rawText) {

  /** Columns a CSV error output appends after the raw columns. */
  public static final List<String> CSV_COLUMNS =
      List.of("_position", "_offset", "_errors", "_raw_text");

  public ErrorRow {
    errors = List.copyOf(errors);
  }

  /** The error record of a failed entry. */
  public static ErrorRow of(Entry entry) {
    Map<String, Object> raw = entry.fullRawData();
    String text = raw.isEmpty() ? entry.rawText() : null;
    return new ErrorRow(entry.position(), entry.offset(), entry.errors(), raw, text);
  }

  /** The reasons joined into one field: {@code age: must be >= 0 (Min); email: ... }. */
  public String errorsText() {
    return errors.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  /** The values of {@link #CSV_COLUMNS}, in that order. */
  public List<@Nullable Object> csvTrailer() {
    List<@Nullable Object> values = new ArrayList<>(4);
    values.add(position);
    values.add(offset);
    values.add(errorsText());
    values.add(rawText);
    return values;
  }
}
