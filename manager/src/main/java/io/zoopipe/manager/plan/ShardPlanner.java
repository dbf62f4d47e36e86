package io.zoopipe.manager.plan;

import io.zoopipe.common.shard.ByteRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one input of a known size into contiguous byte ranges of roughly equal size, at most {@code
 * shards} of them and none smaller than {@code minShardBytes} (except the last); ranges are cut by
 * size only, and a record crossing a cut belongs to the shard it starts in. Thread-safe.
 */
public final class ShardPlanner {
  /** Default smallest shard: below this, start-up and merge costs outweigh parallelism. */
  public static final long DEFAULT_MIN_SHARD_BYTES = 1 << 20;

  private final long minShardBytes;

  public ShardPlanner(long minShardBytes) {
    if (minShardBytes < 1) {
      throw new IllegalArgumentException("minShardBytes must be >= 1, got " + minShardBytes);
    }
    this.minShardBytes = minShardBytes;
  }

  /**
   * The ranges covering {@code [0, fileSize)}, in order; one empty range for an empty file.
   *
   * @param shards the most ranges wanted
   */
  public List<ByteRange> plan(long fileSize, int shards) {
    if (fileSize < 0) {
      throw new IllegalArgumentException("fileSize must be >= 0, got " + fileSize);
    }
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, got " + shards);
    }
    long count = Math.max(1, Math.min(shards, fileSize / minShardBytes));
    if (fileSize == 0) {
      return List.of(new ByteRange(0, 0));
    }
    long shardBytes = (fileSize + count - 1) / count;
    List<ByteRange> ranges = new ArrayList<>();
    for (long start = 0; start < fileSize; start += shardBytes) {
      ranges.add(new ByteRange(start, Math.min(start + shardBytes, fileSize)));
    }
    return List.copyOf(ranges);
  }
}
