package io.zoopipe.common.adapter;

import io.zoopipe.common.pipe.Entry;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes raw batches straight as a sink's bytes, skipping decoding into values and encoding: the
 * byte-level fast path of a conversion in which nothing looks at the records. {@link #between}
 * chooses the transcoder for a sink, in one place. Thread-safe: one batch per call, any thread.
 */
public interface Transcoder {
  /**
   * The batch as the sink's encoded batch, with the records that failed to decode; null when this
   * batch cannot take the fast path (then decode it).
   */
  @Nullable Transcoded transcode(RawBatch batch);

  /**
   * A transcoded batch: {@code count} records in {@code output}, and the failed records in input
   * order.
   */
  record Transcoded(EncodedBatch output, int count, List<Entry> failed) {}

  /** The transcoder into {@code sink}, if batches can be written into it as bytes. */
  static Optional<Transcoder> between(OutputSink sink) {
    if (sink instanceof CompactJsonSink json) {
      JsonLayout layout = json.jsonLayout();
      if (layout != null) {
        return Optional.of(new CompactJsonTranscoder(json, layout));
      }
    }
    if (sink instanceof Utf8RowsSink utf8) {
      return Optional.of(
          batch -> {
            if (!(batch instanceof Utf8RowsBatch rows)) {
              return null;
            }
            Utf8RowsBatch.Utf8Rows values = rows.toUtf8Rows();
            if (values == null) {
              return null;
            }
            EncodedBatch encoded = utf8.encodeUtf8(values);
            return encoded == null
                ? null
                : new Transcoded(encoded, values.count(), values.failed());
          });
    }
    return Optional.empty();
  }
}
