package io.zoopipe.format.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Writes the rows {@link RowPreparer} made to one Parquet file, a batch at a time, in order;
 * closing it writes the last row group and the footer. Used by one thread at a time.
 */
interface ParquetRowWriter extends Closeable {
  /** Writes {@code rows} after those written before. */
  void write(List<Object[]> rows) throws IOException;

  /**
   * Writes {@code count} rows of a schema of string columns given as UTF-8 bytes after those
   * written before: value {@code c} of row {@code r} is {@code bytes[bounds[2 * (r * columns + c)],
   * bounds[2 * (r * columns + c) + 1])}.
   *
   * @throws UnsupportedOperationException when this writer takes only prepared rows
   */
  void writeUtf8(byte[] bytes, int[] bounds, int count) throws IOException;
}
