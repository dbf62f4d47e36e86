package io.zoopipe.common.shard;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads consecutive byte ranges of one input, in order, through a {@link BoundaryChain}: the rule
 * the manager applies across worker JVMs, in one process, so that tests can check it against every
 * cut point. Each range is first read with a best-guess start; when the chain says so it is read
 * again from the previous range's end in exact-start mode. Invariant: the entries of the returned
 * shards are exactly the entries of one whole-input read, in order. Thread-safe; holds no state.
 */
public final class BoundaryChainReader {
  /** Makes the adapter that reads one range of the input. */
  @FunctionalInterface
  public interface RangeInput {
    /**
     * Makes the adapter that reads {@code range}.
     *
     * @param exactStart true when {@code range.start()} is known to begin a record
     */
    InputAdapter forRange(ByteRange range, boolean exactStart);
  }

  /**
   * What one shard read, after the chain check.
   *
   * @param reread whether the best guess was wrong and the shard was read again from the previous
   *     shard's end (or found to own no records)
   */
  public record ShardRead(
      int index,
      ByteRange range,
      long startOffset,
      long endOffset,
      boolean reread,
      List<Entry> entries) {
    public ShardRead {
      entries = List.copyOf(entries);
    }
  }

  private final StorageFactory storage;
  private final RangeInput input;
  private final ColumnSet columns;
  private final int batchSize;

  /** Reads the ranges {@code input} makes through {@code storage}. */
  public BoundaryChainReader(
      StorageFactory storage, RangeInput input, ColumnSet columns, int batchSize) {
    this.storage = requireNonNull(storage, "storage is null");
    this.input = requireNonNull(input, "input is null");
    this.columns = requireNonNull(columns, "columns is null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /** Reads every range in order; {@code ranges} must be contiguous and start at 0. */
  public List<ShardRead> read(List<ByteRange> ranges) throws IOException {
    BoundaryChain chain = new BoundaryChain(ranges);
    List<ShardRead> shards = new ArrayList<>(ranges.size());
    for (int k = 0; k < ranges.size(); k++) {
      ByteRange range = ranges.get(k);
      long previousEnd = chain.end();
      ShardRead shard = readShard(k, range, input.forRange(range, false), false);
      BoundaryChain.Verdict verdict = chain.judge(shard.startOffset(), shard.endOffset(), false);
      if (verdict == BoundaryChain.Verdict.EMPTY) {
        shard = new ShardRead(k, range, previousEnd, previousEnd, true, List.of());
      } else if (verdict == BoundaryChain.Verdict.RERUN) {
        shard = readShard(k, range, input.forRange(chain.rerunRange(), true), true);
        verdict = chain.judge(shard.startOffset(), shard.endOffset(), true);
      }
      if (verdict != BoundaryChain.Verdict.COMMIT && verdict != BoundaryChain.Verdict.EMPTY) {
        throw new PipelineException(
            ErrorKind.INTERNAL,
            "shard " + k + " read from exact offset " + previousEnd + " started at " + shard);
      }
      shards.add(shard);
    }
    return shards;
  }

  /** The entries of every shard, in order. */
  public static List<Entry> entries(List<ShardRead> shards) {
    List<Entry> entries = new ArrayList<>();
    shards.forEach(shard -> entries.addAll(shard.entries()));
    return entries;
  }

  private ShardRead readShard(int index, ByteRange range, InputAdapter adapter, boolean reread)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (RecordReader reader = adapter.open(storage)) {
      for (RawBatch batch = reader.next(batchSize); batch != null; batch = reader.next(batchSize)) {
        entries.addAll(batch.decode(columns));
      }
      return new ShardRead(index, range, reader.startOffset(), reader.endOffset(), reread, entries);
    }
  }
}
