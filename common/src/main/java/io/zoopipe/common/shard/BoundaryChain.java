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
 * Reads consecutive byte ranges of one input, in order, and makes their records exactly the records
 * of the whole input: the rule the manager applies across worker JVMs, in one process.
 *
 * <p>Each range is first read with a best-guess start. Shard {@code k}'s {@code endOffset} is the
 * truth about where shard {@code k + 1} starts, because shard {@code k} parsed from a known
 * boundary up to there; if shard {@code k + 1} guessed another start (a line feed inside a quoted
 * field can fool it), it is read again from that offset in exact-start mode. A shard whose range
 * lies wholly inside the previous shard's last record owns no records. Thread-safe; holds no state.
 */
public final class BoundaryChain {
  /** Makes the adapter that reads one range of the input. */
  @FunctionalInterface
  public interface RangeInput {
    /**
     * @param exactStart true when {@code range.start()} is known to begin a record
     */
    InputAdapter forRange(ByteRange range, boolean exactStart);
  }

  /**
   * What one shard read, after the chain check.
   *
   * @param reread whether the best guess was wrong and the shard was read again from the previous
   *     shard's end
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
  public BoundaryChain(StorageFactory storage, RangeInput input, ColumnSet columns, int batchSize) {
    this.storage = requireNonNull(storage, "storage is null");
    this.input = requireNonNull(input, "input is null");
    this.columns = requireNonNull(columns, "columns is null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /**
   * Ranges {@code [0, c1), [c1, c2), ..., [cn, size)} for increasing cut points inside the input.
   */
  public static List<ByteRange> cut(long size, long... cutPoints) {
    List<ByteRange> ranges = new ArrayList<>(cutPoints.length + 1);
    long start = 0;
    for (long cut : cutPoints) {
      if (cut <= start || cut >= size) {
        throw new IllegalArgumentException(
            "cut points must increase inside (0, " + size + "), got " + cut + " after " + start);
      }
      ranges.add(new ByteRange(start, cut));
      start = cut;
    }
    ranges.add(new ByteRange(start, size));
    return ranges;
  }

  /** Reads every range in order; {@code ranges} must be contiguous and start at 0. */
  public List<ShardRead> read(List<ByteRange> ranges) throws IOException {
    for (int k = 0; k < ranges.size(); k++) {
      if (ranges.get(k).start() != (k == 0 ? 0 : ranges.get(k - 1).end())) {
        throw new IllegalArgumentException("ranges are not contiguous from 0: " + ranges);
      }
    }
    List<ShardRead> shards = new ArrayList<>(ranges.size());
    long previousEnd = 0;
    for (int k = 0; k < ranges.size(); k++) {
      ByteRange range = ranges.get(k);
      ShardRead shard = readShard(k, range, input.forRange(range, false), false);
      if (k > 0 && shard.startOffset() != previousEnd) {
        shard =
            previousEnd >= range.end()
                ? new ShardRead(k, range, previousEnd, previousEnd, true, List.of())
                : readShard(
                    k, range, input.forRange(new ByteRange(previousEnd, range.end()), true), true);
        if (shard.startOffset() != previousEnd) {
          throw new PipelineException(
              ErrorKind.INTERNAL,
              "shard " + k + " read from exact offset " + previousEnd + " started at " + shard);
        }
      }
      shards.add(shard);
      previousEnd = shard.endOffset();
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
