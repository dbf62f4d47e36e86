package io.zoopipe.manager;

import io.zoopipe.common.report.PipeStatus;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where one pipe of a job stands, PENDING, RUNNING, then one terminal status, and when it started
 * and ended. Invariant: it ends once; the first terminal status, failure and end time stay. Not
 * thread-safe: guarded by its ledger's lock.
 */
final class PipeLifecycle {
  private PipeStatus status = PipeStatus.PENDING;
  private @Nullable Throwable failure;
  private @Nullable Instant startTime;
  private @Nullable Instant endTime;
  private long startNanos;
  private long endNanos;

  void begin() {
    status = PipeStatus.RUNNING;
    startTime = Instant.now();
    startNanos = System.nanoTime();
  }

  boolean isActive() {
    return status == PipeStatus.RUNNING || status == PipeStatus.PENDING;
  }

  /**
   * Ends the pipe with {@code terminal}, unless it already ended.
   *
   * @param cause the failure (for FAILED), else null
   * @return whether it ended now
   */
  boolean end(PipeStatus terminal, @Nullable Throwable cause) {
    if (!isActive()) {
      return false;
    }
    status = terminal;
    failure = cause;
    endTime = Instant.now();
    endNanos = System.nanoTime();
    return true;
  }

  PipeStatus status() {
    return status;
  }

  @Nullable Throwable failure() {
    return failure;
  }

  @Nullable Instant startTime() {
    return startTime;
  }

  @Nullable Instant endTime() {
    return endTime;
  }

  /** Wall time from the start to the end, or to now while it runs; zero before it began. */
  Duration duration() {
    return startNanos == 0
        ? Duration.ZERO
        : Duration.ofNanos((endNanos != 0 ? endNanos : System.nanoTime()) - startNanos);
  }
}
