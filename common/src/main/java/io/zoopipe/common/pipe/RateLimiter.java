package io.zoopipe.common.pipe;

import java.util.function.BooleanSupplier;

/**
 * Spaces calls evenly at most {@code callsPerSecond} apart (a token bucket holding one token), so
 * that no second sees more than the limit. Thread-safe: every batch thread of a run takes its calls
 * from one limiter.
 */
final class RateLimiter {
  private static final long SLICE_NANOS = 50_000_000;

  private final long intervalNanos;
  private final Object lock = new Object();
  private long nextFree = System.nanoTime();

  RateLimiter(double callsPerSecond) {
    if (!(callsPerSecond > 0)) {
      throw new IllegalArgumentException("callsPerSecond must be > 0, got " + callsPerSecond);
    }
    this.intervalNanos = Math.max(1, (long) (1e9 / callsPerSecond));
  }

  /**
   * Waits for the next free slot and takes it; returns false, without a slot, when {@code stopped}
   * turns true first.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean acquire(BooleanSupplier stopped) throws InterruptedException {
    long slot;
    synchronized (lock) {
      long now = System.nanoTime();
      slot = Math.max(now, nextFree);
      nextFree = slot + intervalNanos;
    }
    for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
      if (stopped.getAsBoolean()) {
        return false;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.min(wait, SLICE_NANOS));
    }
    synchronized (lock) {
      // A thread that woke late pushes the next slot back, so that late calls do not bunch up
      // with the ones after them.
      nextFree = Math.max(nextFree, System.nanoTime() + intervalNanos);
    }
    return true;
  }
}
