package io.zoopipe.format.json;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.ErrorPartLayout;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.report.ErrorRow;
import java.nio.charset.StandardCharsets;

/**
 * JSON error parts: error rows as objects, one per line (JSON Lines) or separated as in an array
 * without its brackets, which are put back around a part to read it. Immutable; thread-safe.
 */
enum JsonErrorParts implements ErrorPartLayout {
  LINES(JsonFormat.JSONL),
  ARRAY(JsonFormat.ARRAY);

  /** Error parts hold failed rows only; a record may be as long as a reader allows at most. */
  private static final int MAX_RECORD_BYTES = 1 << 29;

  private final JsonFormat format;

  JsonErrorParts(JsonFormat format) {
    this.format = format;
  }

  @Override
  public String positionField() {
    return ErrorRow.POSITION_FIELD;
  }

  @Override
  public String plainSuffix() {
    return format == JsonFormat.ARRAY ? ".json" : ".jsonl";
  }

  @Override
  public byte[] head() {
    return format == JsonFormat.ARRAY ? bytes(JsonOutputAdapter.ARRAY_OPEN_TEXT) : new byte[0];
  }

  @Override
  public byte[] tail() {
    return format == JsonFormat.ARRAY ? bytes(JsonOutputAdapter.ARRAY_CLOSE_TEXT) : new byte[0];
  }

  @Override
  public InputAdapter reader(Location plain) {
    return format == JsonFormat.ARRAY
        ? new JsonInputAdapter(plain, JsonFormat.ARRAY)
        : new JsonInputAdapter(plain, JsonFormat.JSONL).withMaxRecordBytes(MAX_RECORD_BYTES);
  }

  @Override
  public OutputAdapter writer(Location target) {
    return new JsonOutputAdapter(target, format).asPart();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
