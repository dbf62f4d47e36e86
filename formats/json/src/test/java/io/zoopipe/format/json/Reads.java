package io.zoopipe.format.json;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Test plumbing: reads an input to the end, and reads a chain of shards as the manager would. */
final class Reads {
  private Reads() {}

  /** Everything one reader returned, and where it started and ended. */
  record Read(List<Entry> entries, List<Integer> batchSizes, long startOffset, long endOffset) {}

  static Read readAll(InputAdapter adapter, int batchSize) throws IOException {
    return readAll(adapter, batchSize, ColumnSet.all());
  }

  static Read readAll(InputAdapter adapter, int batchSize, ColumnSet columns) throws IOException {
    List<Entry> entries = new ArrayList<>();
    List<Integer> batchSizes = new ArrayList<>();
    try (RecordReader reader = adapter.open(StorageFactory.defaults())) {
      for (RawBatch batch = reader.next(batchSize); batch != null; batch = reader.next(batchSize)) {
        List<Entry> decoded = batch.decode(columns);
        if (decoded.size() != batch.size()) {
          throw new AssertionError("batch of " + batch.size() + " decoded " + decoded.size());
        }
        batchSizes.add(batch.size());
        entries.addAll(decoded);
      }
      return new Read(entries, batchSizes, reader.startOffset(), reader.endOffset());
    }
  }

  /** What a chain of shards produced, and how many shards had to be re-read from an exact start. */
  record ChainRead(List<Entry> entries, int rereads, long endOffset) {}

  /**
   * Reads {@code [cuts[k], cuts[k + 1])} for each k as shards, applying the chain check: when shard
   * k ended somewhere other than where shard k + 1 started, shard k + 1 is read again in
   * exact-start mode from shard k's end offset.
   */
  static ChainRead readShards(JsonInputAdapter adapter, List<Long> cuts) throws IOException {
    List<Entry> entries = new ArrayList<>();
    int rereads = 0;
    long previousEnd = -1;
    for (int k = 0; k + 1 < cuts.size(); k++) {
      ByteRange range = new ByteRange(cuts.get(k), cuts.get(k + 1));
      Read read = readAll(adapter.withRange(range), 3);
      if (k == 0 && read.startOffset() != 0) {
        throw new AssertionError("the first shard started at " + read.startOffset());
      }
      if (k > 0 && read.startOffset() != previousEnd) {
        rereads++;
        long start = previousEnd;
        read =
            readAll(adapter.withExactRange(new ByteRange(start, Math.max(start, range.end()))), 3);
      }
      entries.addAll(read.entries());
      previousEnd = read.endOffset();
    }
    return new ChainRead(entries, rereads, previousEnd);
  }
}
