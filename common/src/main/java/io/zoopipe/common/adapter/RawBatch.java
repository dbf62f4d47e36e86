package io.zoopipe.common.adapter;

import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.util.List;

/**
 * A batch of records as read, not yet decoded into values. Decoding is the expensive part of
 * reading, so it happens on the executor's worker threads: one thread per batch, any thread. A
 * batch that can skip decoding on the way to a JSON sink is a {@link CompactJsonBatch}.
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
   * Decodes every record into an entry whose raw data has every column, as {@code
   * decode(ColumnSet.all())} does, with the same statuses and errors: the {@code upFront} columns
   * now, the others the first time a row's raw data reads them (per row), where the format can
   * defer them. Used when some hook may read any column but most rows never do. The default decodes
   * every column now.
   */
  default List<Entry> decodeOnDemand(ColumnSet upFront) {
    return decode(ColumnSet.all());
  }
}
