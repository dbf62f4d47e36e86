package io.zoopipe.common.adapter;

import org.jspecify.annotations.Nullable;

/**
 * A sink that takes records already written as compact JSON bytes, so that a batch able to write
 * itself as JSON ({@link CompactJsonBatch}) skips decoding and encoding. A capability of an {@link
 * OutputSink}, used only through {@link Transcoder}.
 */
public interface CompactJsonSink extends OutputSink {
  /**
   * Attribute a JSON sink sets on Jackson's serializer provider while it writes compact UTF-8 with
   * the library's settings: a record type may then write itself from its own bytes.
   */
  String PLAIN_UTF8_ATTRIBUTE = "io.zoopipe.common.plainUtf8Json";

  /**
   * How this sink lays out compact JSON records handed to it as bytes, or null when it takes none
   * (indented output, say). A sink returns a layout only when {@link #encode} would write each
   * record given to it as one compact JSON value laid out that way, so that a batch that writes its
   * own records as JSON produces the same bytes.
   */
  @Nullable JsonLayout jsonLayout();

  /**
   * Wraps {@code bytes[0, length)}, {@code count} compact JSON records laid out as {@link
   * #jsonLayout()} says, as a batch for {@link #write}. Thread-safe; does no I/O.
   *
   * @throws UnsupportedOperationException when {@link #jsonLayout()} is null
   */
  EncodedBatch encodeJson(byte[] bytes, int length, int count);
}
