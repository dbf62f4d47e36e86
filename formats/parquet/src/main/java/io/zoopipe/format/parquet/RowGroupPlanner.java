package io.zoopipe.format.parquet;

import io.zoopipe.common.format.ShardPlan;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.shard.ByteRange;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.BlockMetaData;

/**
 * Cuts a Parquet file into shards at row group starts: never more shards than row groups, each a
 * run of consecutive row groups of about equal compressed size. The ranges cover {@code [0, file
 * length)}, so that every row group's first byte lies in exactly one of them (the rule the reader
 * applies). Stateless.
 */
final class RowGroupPlanner {
  private RowGroupPlanner() {}

  static ShardPlan plan(
      DataDescription input, List<BlockMetaData> blocks, long length, int shards) {
    List<Long> starts = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (BlockMetaData block : blocks) {
      starts.add(block.getStartingPos());
      sizes.add(Math.max(1, block.getCompressedSize()));
    }
    int groups = starts.size();
    if (groups == 0) {
      String note = input.location() + " has no row groups: 1 shard";
      return new ShardPlan(
          List.of(new ByteRange(0, length)), index -> input, shards > 1 ? note : "");
    }
    int count = Math.max(1, Math.min(shards, groups));
    long total = 0;
    for (long size : sizes) {
      total += size;
    }
    // Shard k starts at the first row group whose cumulative size before it reaches k/count.
    List<Long> cuts = new ArrayList<>();
    cuts.add(0L);
    long before = 0;
    int shard = 1;
    for (int i = 0; i < groups && shard < count; i++) {
      int left = groups - i;
      boolean due = before * count >= total * shard;
      if (i > 0 && (due || left == count - shard)) {
        cuts.add(starts.get(i));
        shard++;
      }
      before += sizes.get(i);
    }
    List<ByteRange> ranges = new ArrayList<>();
    for (int k = 0; k < cuts.size(); k++) {
      long end = k + 1 < cuts.size() ? cuts.get(k + 1) : length;
      ranges.add(new ByteRange(cuts.get(k), end));
    }
    String note =
        groups < shards
            ? input.location()
                + " has "
                + groups
                + " row group(s): "
                + groups
                + " shard(s), not "
                + shards
                + " (a Parquet file splits at row groups)"
            : "";
    return new ShardPlan(ranges, index -> input, note);
  }
}
