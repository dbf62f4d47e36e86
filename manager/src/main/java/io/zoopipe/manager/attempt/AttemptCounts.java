package io.zoopipe.manager.attempt;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.report.FaultCounts;
import java.time.Duration;

/**
 * The counts of one shard attempt, so far (progress) or final (result). A value.
 *
 * @param totalProcessed records read from the input and fully processed
 * @param successCount records written to the output
 * @param errorCount records that failed (written to the error output when there is one)
 * @param droppedCount records dropped by hooks
 * @param bytesRead bytes of the input consumed
 * @param expectedBytes bytes the range holds, -1 when unknown
 * @param duration wall time of the attempt so far
 * @param ramBytes resident memory of the process that runs it, now
 * @param peakRamBytes peak resident memory of that process
 * @param faults calls retried, rows skipped and back-off waited by the attempt's hooks
 */
public record AttemptCounts(
    long totalProcessed,
    long successCount,
    long errorCount,
    long droppedCount,
    long bytesRead,
    long expectedBytes,
    Duration duration,
    long ramBytes,
    long peakRamBytes,
    FaultCounts faults) {

  /** Nothing processed yet. */
  public static final AttemptCounts NONE =
      new AttemptCounts(0, 0, 0, 0, 0, -1, Duration.ZERO, 0, 0);

  public AttemptCounts {
    requireNonNull(duration, "duration is null");
    requireNonNull(faults, "faults is null");
  }

  /** Counts without fault handling. */
  public AttemptCounts(
      long totalProcessed,
      long successCount,
      long errorCount,
      long droppedCount,
      long bytesRead,
      long expectedBytes,
      Duration duration,
      long ramBytes,
      long peakRamBytes) {
    this(
        totalProcessed,
        successCount,
        errorCount,
        droppedCount,
        bytesRead,
        expectedBytes,
        duration,
        ramBytes,
        peakRamBytes,
        FaultCounts.NONE);
  }

  /**
   * These counts with {@code other}'s records and bytes read added (a pipe's totals over its
   * shards); the measurements (expected bytes, duration, memory) stay this one's.
   */
  public AttemptCounts plusRecords(AttemptCounts other) {
    return new AttemptCounts(
        totalProcessed + other.totalProcessed,
        successCount + other.successCount,
        errorCount + other.errorCount,
        droppedCount + other.droppedCount,
        bytesRead + other.bytesRead,
        expectedBytes,
        duration,
        ramBytes,
        peakRamBytes,
        faults.plus(other.faults));
  }
}
