package io.zoopipe.manager;

import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.manager.attempt.AttemptCounts;
import io.zoopipe.manager.attempt.AttemptResult;
import org.jspecify.annotations.Nullable;

/**
 * One shard's line in a {@link ShardLedger}: its planned and current range, its state, its attempts
 * and failures, the attempt in flight and the attempts finished or committed. Not thread-safe:
 * guarded by the ledger's lock.
 */
final class ShardEntry {
  /** Where a shard stands. */
  enum State {
    QUEUED,
    RUNNING,
    FINISHED,
    COMMITTED,
    EMPTY,
    FAILED
  }

  final int index;
  final ByteRange planned;
  final boolean whole;
  ByteRange range;
  boolean exact;
  State state = State.QUEUED;
  int attempts;
  int failures;
  String worker = "";
  @Nullable AttemptKey current;
  @Nullable AttemptCounts running;
  @Nullable AttemptResult candidate;
  @Nullable AttemptResult committed;

  /**
   * @param exact whether the shard starts exactly at its range's start (the first shard, and every
   *     shard its format planned); otherwise its start is a guess the boundary chain checks
   */
  ShardEntry(int index, ByteRange planned, boolean whole, boolean exact) {
    this.index = index;
    this.planned = planned;
    this.range = planned;
    this.whole = whole;
    this.exact = exact || index == 0;
  }

  /** Whether {@code key} names the attempt in flight. */
  boolean runs(AttemptKey key) {
    return key.equals(current) && state == State.RUNNING;
  }

  /** The counts a report shows: the committed attempt's, else the latest of the one running. */
  @Nullable AttemptCounts reportedCounts() {
    return committed != null ? committed.counts() : running;
  }

  /**
   * The counts the pipe's totals include: a committed attempt's always, a running or finished one's
   * latest while the pipe runs; null for none.
   */
  @Nullable AttemptCounts countedIn(PipeStatus pipeStatus) {
    AttemptCounts counts =
        state == State.COMMITTED && committed != null
            ? committed.counts()
            : state == State.RUNNING || state == State.FINISHED ? running : null;
    return counts != null && (pipeStatus == PipeStatus.RUNNING || state == State.COMMITTED)
        ? counts
        : null;
  }

  ShardReport report(int pipeIndex) {
    AttemptCounts counts = reportedCounts();
    if (counts == null) {
      counts = AttemptCounts.NONE;
    }
    return new ShardReport(
        pipeIndex,
        index,
        planned,
        state.name(),
        attempts,
        worker,
        counts.totalProcessed(),
        counts.successCount(),
        counts.errorCount(),
        counts.droppedCount(),
        counts.bytesRead(),
        committed == null ? -1 : committed.startOffset(),
        committed == null ? -1 : committed.endOffset(),
        counts.duration(),
        counts.peakRamBytes());
  }
}
