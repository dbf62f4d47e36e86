package io.zoopipe.common.adapter;

import org.jspecify.annotations.Nullable;

/**
 * A sink that takes records of string values as UTF-8 bytes ({@link Utf8RowsBatch}), so that a
 * batch able to give them skips decoding its values into strings and the sink encoding them again.
 * A capability of an {@link OutputSink}, used only through {@link Transcoder}.
 */
public interface Utf8RowsSink extends OutputSink {
  /**
   * {@code rows} as a batch for {@link #write}, exactly as if their records had been decoded into
   * maps of strings and given to {@link #encode}; or null when this sink cannot take them so (for
   * columns other than those its records have), and the batch is then decoded. Thread-safe; does no
   * I/O.
   */
  @Nullable EncodedBatch encodeUtf8(Utf8RowsBatch.Utf8Rows rows);
}
