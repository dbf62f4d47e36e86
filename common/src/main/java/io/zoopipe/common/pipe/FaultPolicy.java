package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a pipe's hooks and row processors survive failing rows, as Spring Batch's fault-tolerant
 * step: {@code retry} says which failures are tried again and how; {@code skip} whether a batch
 * {@link Hook} that still fails is scanned row by row, so that only the failing rows become error
 * records (type {@code hook}) and the rest of the batch goes on; {@code callTimeout} bounds each
 * call of an {@link AsyncRowProcessor}; {@code maxInFlight} bounds the asynchronous calls in flight
 * in one run, over all batch threads; {@code rateLimit} bounds the calls of row processors per
 * second in one run. Skipped rows count toward the pipe's {@link ErrorLimit}. An immutable value.
 *
 * <p>Row processors ({@link RowProcessor}, {@link AsyncRowProcessor}) fail only the row they were
 * called on whatever {@code skip} says; an exception that {@code retry} marks fatal fails the run.
 *
 * @param retry when failed calls are tried again
 * @param skip whether the rows of a failing batch hook are found and skipped one by one (false: the
 *     hook's exception fails the run, after any batch retries)
 * @param callTimeout the longest an asynchronous call may take before it fails with a {@link
 *     java.util.concurrent.TimeoutException} (retryable by default); {@link Duration#ZERO} for no
 *     limit
 * @param maxInFlight the most asynchronous calls in flight in one run, at least 1
 * @param rateLimit the most row calls started per second in one run; 0 for no limit
 */
public record FaultPolicy(
    RetryPolicy retry, boolean skip, Duration callTimeout, int maxInFlight, double rateLimit) {

  /** The in-flight bound of the default policy. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 64;

  /**
   * No fault tolerance beyond what hooks do themselves: no retry; a batch hook's exception fails
   * the run; a row processor's exception fails its row.
   */
  public static final FaultPolicy NONE =
      new FaultPolicy(RetryPolicy.NONE, false, Duration.ZERO, DEFAULT_MAX_IN_FLIGHT, 0);

  public FaultPolicy {
    requireNonNull(retry, "retry is null");
    requireNonNull(callTimeout, "callTimeout is null");
    if (callTimeout.isNegative()) {
      throw new IllegalArgumentException("callTimeout must not be negative, got " + callTimeout);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
    }
    if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
      throw new IllegalArgumentException("rateLimit must be >= 0, got " + rateLimit);
    }
  }

  /**
   * Retries with {@code retry} and skips the rows that keep failing: what a job calling a service
   * usually wants.
   */
  public static FaultPolicy retryAndSkip(RetryPolicy retry) {
    return NONE.withRetry(retry).withSkip(true);
  }

  public FaultPolicy withRetry(RetryPolicy policy) {
    return new FaultPolicy(policy, skip, callTimeout, maxInFlight, rateLimit);
  }

  public FaultPolicy withSkip(boolean scan) {
    return new FaultPolicy(retry, scan, callTimeout, maxInFlight, rateLimit);
  }

  public FaultPolicy withCallTimeout(Duration timeout) {
    return new FaultPolicy(retry, skip, timeout, maxInFlight, rateLimit);
  }

  public FaultPolicy withMaxInFlight(int calls) {
    return new FaultPolicy(retry, skip, callTimeout, calls, rateLimit);
  }

  public FaultPolicy withRateLimit(double callsPerSecond) {
    return new FaultPolicy(retry, skip, callTimeout, maxInFlight, callsPerSecond);
  }

  /**
   * The policy of one of {@code parts} processes that share this one's rate limit (a worker's share
   * of a job's): the limit divided evenly, everything else as it is.
   */
  public FaultPolicy forPart(int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, got " + parts);
    }
    return rateLimit == 0 ? this : withRateLimit(rateLimit / parts);
  }

  /** Whether this policy asks for nothing: no retry, no skip scan, no timeout, no rate limit. */
  public boolean isNone() {
    return retry.maxAttempts() == 1 && !skip && callTimeout.isZero() && rateLimit == 0;
  }
}
