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
}
