package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The fault-handling state one run shares over its batch threads: its {@link FaultPolicy}, the
 * permits of the asynchronous calls in flight, the rate limiter, and whether the run was asked to
 * stop (which cuts back-off waits short). Thread-safe.
 */
final class RowFaults {
  private static final RowFaults NONE = new RowFaults(FaultPolicy.NONE, () -> false);

  private final FaultPolicy policy;
  private final BooleanSupplier stopped;
  private final Semaphore inFlight;
  private final @Nullable RateLimiter limiter;

  RowFaults(FaultPolicy policy, BooleanSupplier stopped) {
    this.policy = requireNonNull(policy, "policy is null");
    this.stopped = requireNonNull(stopped, "stopped is null");
    this.inFlight = new Semaphore(policy.maxInFlight());
    this.limiter = policy.rateLimit() > 0 ? new RateLimiter(policy.rateLimit()) : null;
  }

  /** No policy, never stopped: for a hook called outside a run. */
  static RowFaults none() {
    return NONE;
  }

  FaultPolicy policy() {
    return policy;
  }

  RetryPolicy retry() {
    return policy.retry();
  }

  boolean stopped() {
    return stopped.getAsBoolean();
  }

  /** Takes a permit for one asynchronous call, waiting up to {@code nanos}; false if none came. */
  boolean tryAcquireCall(long nanos) throws InterruptedException {
    return inFlight.tryAcquire(nanos, TimeUnit.NANOSECONDS);
  }

  void releaseCall() {
    inFlight.release();
  }

  /** Waits for the rate limiter's next slot; at once when there is no limit or the run stops. */
  void awaitRate() throws InterruptedException {
    if (limiter != null && !stopped()) {
      limiter.acquire(stopped);
    }
  }
}
