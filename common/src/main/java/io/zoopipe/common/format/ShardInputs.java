package io.zoopipe.common.format;

import io.zoopipe.common.job.DataDescription;

/**
 * The input of each shard of a planned input, as {@link FormatProvider#probe} learnt it. Immutable
 * and thread-safe.
 */
@FunctionalInterface
public interface ShardInputs {
  /** The description shard {@code index} (0-based, in input order) reads. */
  DataDescription forShard(int index);
}
