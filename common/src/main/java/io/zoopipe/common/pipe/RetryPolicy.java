package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * When and how often a failed hook call is tried again: up to {@code maxAttempts} calls in all,
 * waiting an exponential back-off between them ({@code initialBackoff × multiplier^(n-1)}, at most
 * {@code maxBackoff}, shortened at random by up to a fraction {@code jitter} so that rows failing
 * together do not retry together), and never more than {@code maxTotalDelay} of back-off for one
 * row. A {@link RetryableRowException#retryAfter()} lengthens one wait to what the service asked.
 *
 * <p>An exception is fatal when it is, or is a subclass of, one of {@code fatal}: it fails the run
 * at once. Otherwise it is retryable when it is an instance of one of {@code retryable}; other
 * exceptions fail the row on their first occurrence. A {@link PipelineException} and an {@link
 * Error} always fail the run. An immutable value, as Spring Batch's {@code retryLimit}, {@code
 * backOffPolicy} and {@code retryableExceptions} of a fault-tolerant step.
 *
 * @param maxAttempts calls of a row in all, first one included (1: no retry)
 * @param initialBackoff the wait before the second call
 * @param multiplier how much each wait grows over the one before, at least 1
 * @param maxBackoff the longest single wait
 * @param maxTotalDelay the most back-off one row may wait in all; a retry that would cross it is
 *     not made
 * @param jitter from 0 (exact waits) to 1 (each wait anywhere between 0 and its full length)
 * @param retryable exception types tried again
 * @param fatal exception types that fail the run at once (checked before {@code retryable})
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    Duration maxTotalDelay,
    double jitter,
    List<Class<? extends Throwable>> retryable,
    List<Class<? extends Throwable>> fatal) {

  /** The exception types retried by default: I/O failures, timeouts and our own retry signal. */
  public static final List<Class<? extends Throwable>> DEFAULT_RETRYABLE =
      List.of(
          IOException.class,
          UncheckedIOException.class,
          TimeoutException.class,
          RetryableRowException.class);

  /** No retry: every call is made once. */
  public static final RetryPolicy NONE =
      new RetryPolicy(
          1,
          Duration.ofMillis(100),
          2,
          Duration.ofSeconds(10),
          Duration.ofMinutes(1),
          0.5,
          DEFAULT_RETRYABLE,
          List.of());

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    requireNonNull(initialBackoff, "initialBackoff is null");
    requireNonNull(maxBackoff, "maxBackoff is null");
    requireNonNull(maxTotalDelay, "maxTotalDelay is null");
    if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxTotalDelay.isNegative()) {
      throw new IllegalArgumentException(
          "back-off durations must not be negative, got "
              + initialBackoff
              + ", "
              + maxBackoff
              + ", "
              + maxTotalDelay);
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
    }
    retryable = List.copyOf(retryable);
    fatal = List.copyOf(fatal);
  }

  /**
   * {@code attempts} calls in all with the default back-off: 100 ms doubling up to 10 s, half
   * jitter, at most a minute per row, for {@link #DEFAULT_RETRYABLE}.
   */
  public static RetryPolicy attempts(int attempts) {
    return NONE.withMaxAttempts(attempts);
  }

  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(
        attempts, initialBackoff, multiplier, maxBackoff, maxTotalDelay, jitter, retryable, fatal);
  }

  /** This policy with waits starting at {@code initial}, growing by {@code factor}, up to max. */
  public RetryPolicy withBackoff(Duration initial, double factor, Duration max) {
    return new RetryPolicy(
        maxAttempts, initial, factor, max, maxTotalDelay, jitter, retryable, fatal);
  }

  public RetryPolicy withMaxTotalDelay(Duration total) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, multiplier, maxBackoff, total, jitter, retryable, fatal);
  }

  public RetryPolicy withJitter(double fraction) {
    return new RetryPolicy(
        maxAttempts,
        initialBackoff,
        multiplier,
        maxBackoff,
        maxTotalDelay,
        fraction,
        retryable,
        fatal);
  }

  /** This policy retrying exactly {@code types} (replacing the defaults). */
  public RetryPolicy withRetryable(List<Class<? extends Throwable>> types) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, multiplier, maxBackoff, maxTotalDelay, jitter, types, fatal);
  }

  /** This policy failing the run at once on {@code types}. */
  public RetryPolicy withFatal(List<Class<? extends Throwable>> types) {
    return new RetryPolicy(
        maxAttempts,
        initialBackoff,
        multiplier,
        maxBackoff,
        maxTotalDelay,
        jitter,
        retryable,
        types);
  }

  /** Whether {@code failure} fails the run at once. */
  public boolean isFatal(Throwable failure) {
    return failure instanceof PipelineException
        || failure instanceof Error
        || isInstanceOfAny(failure, fatal);
  }

  /** Whether {@code failure} may be tried again (whether attempts are left aside). */
  public boolean isRetryable(Throwable failure) {
    return !isFatal(failure) && isInstanceOfAny(failure, retryable);
  }

  /**
   * The wait before call {@code attempt + 1} after call {@code attempt} (1-based) failed with
   * {@code failure}: the exponential back-off less jitter, or the service's Retry-After when that
   * is longer.
   */
  public Duration backoff(int attempt, Throwable failure, RandomGenerator random) {
    double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, (double) maxBackoff.toNanos());
    long nanos = (long) (capped * (1 - jitter * random.nextDouble()));
    if (failure instanceof RetryableRowException retry && retry.retryAfter().isPresent()) {
      nanos = Math.max(nanos, retry.retryAfter().get().toNanos());
    }
    return Duration.ofNanos(nanos);
  }

  private static boolean isInstanceOfAny(
      Throwable failure, List<Class<? extends Throwable>> types) {
    for (Class<? extends Throwable> type : types) {
      if (type.isInstance(failure)) {
        return true;
      }
    }
    return false;
  }
}
