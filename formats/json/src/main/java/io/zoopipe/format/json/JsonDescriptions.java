package io.zoopipe.format.json;

import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import org.jspecify.annotations.Nullable;

/** Describes JSON adapters for the wire: a location and the format's name. Stateless. */
final class JsonDescriptions {
  private JsonDescriptions() {}

  static DataDescription of(String format, JsonInputAdapter adapter) {
    if (!adapter.range().isAll()) {
      throw new IllegalArgumentException("it is already restricted to a byte range");
    }
    FormatOptions options =
        adapter.maxRecordBytes() == JsonInputAdapter.DEFAULT_MAX_RECORD_BYTES
                || !format.equals(JsonLinesFormat.NAME)
            ? FormatOptions.none()
            : FormatOptions.none()
                .with(JsonLinesFormat.MAX_RECORD_BYTES, Integer.toString(adapter.maxRecordBytes()));
    return new DataDescription(location(adapter.location().orElse(null)), format, options);
  }

  static DataDescription of(String format, JsonOutputAdapter adapter) {
    return new DataDescription(
        location(adapter.location().orElse(null)), format, FormatOptions.none());
  }

  private static Location location(@Nullable Location location) {
    if (location == null) {
      throw new IllegalArgumentException("it has no storage location");
    }
    return location;
  }
}
