package io.zoopipe.common.shard;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The chain rule that makes the records of consecutive shards exactly the records of the whole
 * input. Shard {@code k}'s end offset (the first record after its range, found by parsing from a
 * known boundary) is the truth about where shard {@code k + 1} starts. Finished attempts are judged
 * in shard order ({@link #judge}):
 *
 * <ul>
 *   <li>shard 0, and a shard that started where its predecessor ended, is committed ({@link
 *       Verdict#COMMIT}) and its end becomes the chain's end;
 *   <li>a shard whose whole range the predecessor's last record covered owns no records ({@link
 *       Verdict#EMPTY});
 *   <li>a best-guess start that disagrees is discarded and the shard must be read again from
 *       exactly the chain's end ({@link Verdict#RERUN}, {@link #rerunRange()});
 *   <li>an exact start that disagrees is a bug in the reader ({@link Verdict#BROKEN}).
 * </ul>
 *
 * <p>Invariant: after shards {@code 0..next()-1} are judged COMMIT or EMPTY, their committed
 * records are every record that starts before {@link #end()}, each once. Used by the manager across
 * worker JVMs and by {@link BoundaryChainReader} in one process. Not thread-safe: one chain belongs
 * to one job, which guards it.
 */
public final class BoundaryChain {
  /** What to do with a shard's finished attempt. */
  public enum Verdict {
    /** It started where the chain ends: its records are the shard's. */
    COMMIT,
    /** The previous shard's last record covered the whole range: the shard owns no records. */
    EMPTY,
    /** It guessed a start that disagrees: discard it, read {@link #rerunRange()} exactly. */
    RERUN,
    /** It was told the exact start and still disagrees: the reader is wrong. */
    BROKEN
  }

  private final List<ByteRange> planned;
  private int next;
  private long end;

  /**
   * @param planned the shards' planned ranges, contiguous from 0
   * @throws IllegalArgumentException when they are empty or not contiguous from 0
   */
  public BoundaryChain(List<ByteRange> planned) {
    requireNonNull(planned, "planned is null");
    if (planned.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one range");
    }
    for (int k = 0; k < planned.size(); k++) {
      if (planned.get(k).start() != (k == 0 ? 0 : planned.get(k - 1).end())) {
        throw new IllegalArgumentException("ranges are not contiguous from 0: " + planned);
      }
    }
    this.planned = List.copyOf(planned);
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

  /** How many shards the chain has. */
  public int size() {
    return planned.size();
  }

  /** The shard to judge next: every shard before it is committed or empty. */
  public int next() {
    return next;
  }

  /** Whether every shard is committed or empty. */
  public boolean isComplete() {
    return next == planned.size();
  }

  /** Where shard {@link #next()} must start: the end of the last committed shard (0 first). */
  public long end() {
    return end;
  }

  /**
   * Judges a finished attempt of shard {@link #next()}; {@link Verdict#COMMIT} and {@link
   * Verdict#EMPTY} move on to the next shard.
   *
   * @param startOffset where the attempt's first record started
   * @param endOffset where the first record after its range starts
   * @param exactStart whether the attempt was told that its range starts a record
   * @throws IllegalStateException when the chain is complete
   */
  public Verdict judge(long startOffset, long endOffset, boolean exactStart) {
    if (isComplete()) {
      throw new IllegalStateException("every one of the " + size() + " shards was judged");
    }
    if (next == 0 || startOffset == end) {
      end = endOffset;
      next++;
      return Verdict.COMMIT;
    }
    if (end >= planned.get(next).end()) {
      next++;
      return Verdict.EMPTY;
    }
    return exactStart ? Verdict.BROKEN : Verdict.RERUN;
  }

  /** The range shard {@link #next()} is read again from: {@code [end(), planned end)}. */
  public ByteRange rerunRange() {
    if (isComplete()) {
      throw new IllegalStateException("every one of the " + size() + " shards was judged");
    }
    return new ByteRange(end, planned.get(next).end());
  }
}
