package io.zoopipe.manager.plan;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.format.ShardInputs;
import io.zoopipe.common.format.ShardPlan;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.jspecify.annotations.Nullable;

/**
 * What the manager learns about an input before planning: its size, whether it can be cut, and what
 * its format tells every shard (for CSV, the column names read once from the header: see {@link
 * FormatProvider#probe}).
 *
 * @param size bytes of the input
 * @param splittable whether byte ranges can be read on their own (not compressed, not a JSON array)
 * @param shards the input of each shard
 * @param plan the shards the format planned itself ({@link FormatProvider#planShards}), or null to
 *     cut byte ranges; its inputs are {@code shards}
 */
public record InputProbe(
    long size, boolean splittable, ShardInputs shards, @Nullable ShardPlan plan) {
  public InputProbe {
    requireNonNull(shards, "shards is null");
  }

  /**
   * Probes the input through {@code storages} and lets its format plan {@code shardCount} shards if
   * it plans its own.
   *
   * @throws PipelineException INVALID_INPUT (caused by {@link NoSuchFileException}) when it does
   *     not exist, STORAGE when it cannot be read
   */
  public static InputProbe of(StorageFactory storages, DataDescription input, int shardCount) {
    Location location = input.location();
    try {
      var storage = storages.forLocation(location);
      if (!storage.exists(location)) {
        throw new PipelineException(
            ErrorKind.INVALID_INPUT,
            "input " + location + " does not exist",
            new NoSuchFileException(location.toString()));
      }
      long size = storage.size(location);
      FormatProvider format = input.provider();
      InputAdapter adapter = input.toInput();
      ShardInputs shards = format.probe(input, adapter, storages);
      ShardPlan plan = format.planShards(input, adapter, storages, shardCount).orElse(null);
      return new InputProbe(
          size,
          format.splittable() && adapter.isSplittable(),
          plan == null ? shards : plan.inputs(),
          plan);
    } catch (IOException e) {
      throw new PipelineException(
          ErrorKind.STORAGE, "input " + location + ": " + e.getMessage(), e);
    }
  }

  /** The input of shard {@code index}, as the format's probe described it. */
  public DataDescription shardInput(int index) {
    return shards.forShard(index);
  }
}
