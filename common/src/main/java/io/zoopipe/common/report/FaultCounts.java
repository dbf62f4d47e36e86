package io.zoopipe.common.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What the fault handling of a run did: calls of hooks and row processors made again after a
 * failure, rows that became error records because a hook or processor threw (skipped), and the
 * back-off those rows waited, summed over rows (rows wait side by side, so it can exceed the wall
 * time). Skipped rows are also in the report's error count. An immutable value.
 *
 * @param retries calls made again after a failed call
 * @param skipped rows turned into {@code hook} error records by an exception
 * @param backoff back-off waited, summed over rows
 */
public record FaultCounts(long retries, long skipped, Duration backoff) {
  /** Nothing retried, nothing skipped. */
  public static final FaultCounts NONE = new FaultCounts(0, 0, Duration.ZERO);

  public FaultCounts {
    requireNonNull(backoff, "backoff is null");
    if (retries < 0 || skipped < 0 || backoff.isNegative()) {
      throw new IllegalArgumentException(
          "fault counts must not be negative, got " + retries + ", " + skipped + ", " + backoff);
    }
  }

  /** These counts and {@code other}'s added up (the parts of a job). */
  public FaultCounts plus(FaultCounts other) {
    return new FaultCounts(
        retries + other.retries, skipped + other.skipped, backoff.plus(other.backoff));
  }

  /** Whether nothing was retried or skipped. */
  public boolean isNone() {
    return retries == 0 && skipped == 0 && backoff.isZero();
  }
}
