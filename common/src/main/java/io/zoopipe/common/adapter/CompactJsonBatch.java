package io.zoopipe.common.adapter;

import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A raw batch that can write its records straight as compact JSON, without decoding them into
 * values: the fast path of a conversion without schema or hooks. A capability of a {@link
 * RawBatch}, used only through {@link Transcoder}. Called on one worker thread per batch.
 */
public interface CompactJsonBatch extends RawBatch {
  /**
   * Writes every record that decodes cleanly as a compact JSON object of all its columns, in input
   * order, each value a string, laid out as {@code layout} says; the bytes are exactly those that
   * {@link #decode} with {@link ColumnSet#all()} followed by a JSON sink's {@link
   * OutputSink#encode} would give. Records that do not decode cleanly are returned as failed
   * entries, as {@link #decode} would return them. Returns null when this batch cannot take the
   * fast path; then decode it.
   */
  @Nullable JsonRows toJson(JsonLayout layout);

  /**
   * Records written by {@link #toJson}: {@code count} of them in {@code bytes[0, length)}, and the
   * records that failed, in input order.
   */
  record JsonRows(byte[] bytes, int length, int count, List<Entry> failed) {}
}
