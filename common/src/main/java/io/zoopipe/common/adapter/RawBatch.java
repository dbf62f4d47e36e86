package io.zoopipe.common.adapter;

import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A batch of records as read, not yet decoded into values. Decoding is the expensive part of
 * reading, so it happens on the executor's worker threads: one thread per batch, any thread.
 */
public interface RawBatch {
  /** How many records the batch holds. */
  int size();

  /**
   * Decodes every record into an entry, in input order. Only {@code columns} need to be
   * materialised. A record that cannot be decoded (a wrong number of fields, bytes invalid in the
   * charset, an over-long field) becomes a failed entry, never an exception.
   */
  List<Entry> decode(ColumnSet columns);

  /**
   * The fast path of a conversion without schema or hooks: writes every record that decodes cleanly
   * as a compact JSON object of all its columns, in input order, each value a string, laid out as
   * {@code layout} says; the bytes are exactly those that {@link #decode} with {@link
   * ColumnSet#all()} followed by a JSON sink's {@link OutputSink#encode} would give. Records that
   * do not decode cleanly are returned as failed entries, as {@link #decode} would return them.
   * Returns null when this batch cannot take the fast path; then decode it.
   */
  default @Nullable JsonRows toJson(OutputSink.JsonLayout layout) {
    return null;
  }

  /**
   * Records written by {@link #toJson}: {@code count} of them in {@code bytes[0, length)}, and the
   * records that failed, in input order.
   */
  record JsonRows(byte[] bytes, int length, int count, List<Entry> failed) {}
}
