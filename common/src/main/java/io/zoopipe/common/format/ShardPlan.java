package io.zoopipe.common.format;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.shard.ByteRange;
import java.util.List;

/**
 * Shards a format planned itself ({@link FormatProvider#planShards}) instead of the manager cutting
 * the input into byte ranges of equal size: a Parquet file cut at row groups, a table cut into key
 * ranges. Planned shards are exact by construction: every shard starts exactly where its range
 * starts (no speculative start, no boundary chain to repair), so a reader given a planned range
 * must report {@code startOffset = range.start()} and {@code endOffset = range.end()} (see {@link
 * io.zoopipe.common.adapter.RecordReader}); a format without byte offsets (a table) numbers its
 * shards' ranges {@code [i, i + 1)} and reads what {@link ShardInputs#forShard} describes.
 * Immutable; thread-safe.
 *
 * @param ranges the shards' ranges, in input order, contiguous from 0, at least one
 * @param inputs what each shard reads (for example the key range in its format options)
 * @param note what a user should know about the plan, such as "4 row groups: 4 shards, not 8";
 *     empty when there is nothing to say
 */
public record ShardPlan(List<ByteRange> ranges, ShardInputs inputs, String note) {
  public ShardPlan {
    ranges = List.copyOf(ranges);
    requireNonNull(inputs, "inputs is null");
    requireNonNull(note, "note is null");
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("a shard plan needs at least one range");
    }
    long expected = 0;
    for (ByteRange range : ranges) {
      if (range.start() != expected) {
        throw new IllegalArgumentException(
            "shard ranges must be contiguous from 0: " + range + " after " + expected);
      }
      expected = range.end();
    }
  }

  /** Ranges numbered {@code [i, i + 1)} for {@code count} shards without byte offsets. */
  public static List<ByteRange> numbered(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    ByteRange[] ranges = new ByteRange[count];
    for (int i = 0; i < count; i++) {
      ranges[i] = new ByteRange(i, i + 1L);
    }
    return List.of(ranges);
  }
}
