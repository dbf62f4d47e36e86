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
}
