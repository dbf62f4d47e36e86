package io.zoopipe.common.adapter;

import io.zoopipe.common.pipe.Entry;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A raw batch that can give its records' values as UTF-8 bytes, every value a string, without
 * decoding them into strings: the fast path of a conversion without schema or hooks into a sink
 * that stores text as UTF-8 (Parquet). A capability of a {@link RawBatch}, used only through {@link
 * Transcoder}. Called on one worker thread per batch.
 */
public interface Utf8RowsBatch extends RawBatch {
  /**
   * The values of every record that decodes cleanly, in input order, as the UTF-8 bytes of the
   * strings that {@link #decode} with {@link io.zoopipe.common.pipe.ColumnSet#all()} would give;
   * records that do not decode cleanly as failed entries, as {@link #decode} would return them.
   * Null when this batch cannot take the fast path; then decode it.
   */
  @Nullable Utf8Rows toUtf8Rows();

  /**
   * {@code count} records of the {@code columns}: value {@code c} of record {@code r} is {@code
   * bytes[bounds[2 * (r * columns.size() + c)], bounds[2 * (r * columns.size() + c) + 1])}; and the
   * records that failed, in input order.
   */
  record Utf8Rows(
      List<String> columns, byte[] bytes, int[] bounds, int count, List<Entry> failed) {}
}
