package io.zoopipe.common.adapter;

import org.jspecify.annotations.Nullable;

/** Batches that write themselves as compact JSON into a sink that takes JSON bytes. Thread-safe. */
final class CompactJsonTranscoder implements Transcoder {
  private final CompactJsonSink sink;
  private final JsonLayout layout;

  CompactJsonTranscoder(CompactJsonSink sink, JsonLayout layout) {
    this.sink = sink;
    this.layout = layout;
  }

  @Override
  public @Nullable Transcoded transcode(RawBatch batch) {
    if (!(batch instanceof CompactJsonBatch json)) {
      return null;
    }
    CompactJsonBatch.JsonRows rows = json.toJson(layout);
    if (rows == null) {
      return null;
    }
    return new Transcoded(
        sink.encodeJson(rows.bytes(), rows.length(), rows.count()), rows.count(), rows.failed());
  }
}
