package io.zoopipe.format.json;

import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.util.List;

/**
 * Entries the reader thread already decoded: elements of a streamed array or of concatenated
 * values, which cannot be framed without parsing them, and records too long to buffer. Every member
 * is kept whatever the column set, since decoding is already done. Decoded once.
 */
final class DecodedBatch implements RawBatch {
  private final List<Entry> entries;

  DecodedBatch(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public List<Entry> decode(ColumnSet columns) {
    return entries;
  }
}
