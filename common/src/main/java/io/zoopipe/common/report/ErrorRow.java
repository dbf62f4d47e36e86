package io.zoopipe.common.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Entry.RawRecord;
import io.zoopipe.common.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A row that failed, as written to the error output: where it was, why it failed, and what it
 * contained. It supplies its own layout: as an object (Jackson) it has the fields {@value
 * #POSITION_FIELD}, {@code offset}, {@code errors}, {@code raw}, {@code raw_text} and {@code
 * raw_base64} (null fields are left out); flat, for a tabular output, it is the raw columns
 * followed by {@link #FLAT_COLUMNS} ({@link #flat}).
 *
 * @param position 0-based index of the record in what its reader read; in an output merged from
 *     shards, the index in the whole input (the manager adds the records read by earlier shards)
 * @param offset byte offset in the source where the record starts, or -1 where unknown
 * @param errors every reason the row failed
 * @param raw the record's columns as read (empty when it could not be split into columns)
 * @param rawText the record's text where known and needed (a record that could not be split)
 * @param rawBase64 the record's exact input bytes as base64 (RFC 4648), where its bytes are not
 *     valid in the input's charset, so that its raw columns and text hold replacement characters;
 *     else null
 */
@JsonPropertyOrder({ErrorRow.POSITION_FIELD, "offset", "errors", "raw", "raw_text", "raw_base64"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorRow(
    long position,
    long offset,
    List<Violation> errors,
    Map<String, Object> raw,
    @JsonProperty("raw_text") @Nullable String rawText,
    @JsonProperty("raw_base64") @Nullable String rawBase64) {

  /** The field of the object form that holds {@link #position}. */
  public static final String POSITION_FIELD = "position";

  /** The column of the flat form that holds {@link #position}. */
  public static final String FLAT_POSITION_COLUMN = "_position";

  /** Columns the flat form appends after the raw columns. */
  public static final List<String> FLAT_COLUMNS =
      List.of(FLAT_POSITION_COLUMN, "_offset", "_errors", "_raw_text", "_raw_base64");

  public ErrorRow {
    errors = List.copyOf(errors);
  }

  /** An error row of a record whose bytes decoded (no {@link #rawBase64}). */
  public ErrorRow(
      long position,
      long offset,
      List<Violation> errors,
      Map<String, Object> raw,
      @Nullable String rawText) {
    this(position, offset, errors, raw, rawText, null);
  }

  /** The error record of a failed entry. */
  public static ErrorRow of(Entry entry) {
    RawRecord record = entry.rawRecord();
    Map<String, Object> raw = record == null ? entry.rawData() : record.columns();
    String text = raw.isEmpty() && record != null ? record.text() : null;
    String base64 = record == null ? null : record.bytesBase64();
    return new ErrorRow(entry.position(), entry.offset(), entry.errors(), raw, text, base64);
  }

  /** The reasons joined into one field: {@code age: must be >= 0 (Min); email: ... }. */
  public String errorsText() {
    return errors.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  /**
   * The columns of the flat form of error rows read with {@code inputColumns}: those followed by
   * {@link #FLAT_COLUMNS}.
   */
  public static List<String> flatColumns(List<String> inputColumns) {
    List<String> columns = new ArrayList<>(inputColumns.size() + FLAT_COLUMNS.size());
    columns.addAll(inputColumns);
    columns.addAll(FLAT_COLUMNS);
    return columns;
  }

  /**
   * This row flat, by column: the input columns (or, when none are known, the raw map's keys) with
   * their raw values, then {@link #FLAT_COLUMNS}.
   */
  public Map<String, @Nullable Object> flat(List<String> inputColumns) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    for (String column : inputColumns.isEmpty() ? raw.keySet() : inputColumns) {
      map.put(column, raw.get(column));
    }
    map.put(FLAT_COLUMNS.get(0), position);
    map.put(FLAT_COLUMNS.get(1), offset);
    map.put(FLAT_COLUMNS.get(2), errorsText());
    map.put(FLAT_COLUMNS.get(3), rawText);
    map.put(FLAT_COLUMNS.get(4), rawBase64);
    return map;
  }
}
