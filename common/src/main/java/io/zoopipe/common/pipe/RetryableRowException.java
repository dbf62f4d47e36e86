package io.zoopipe.common.pipe;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a hook or row processor to say "this row failed for a passing reason: try it again",
 * optionally no sooner than {@link #retryAfter()} (an HTTP 429 or 503 with a {@code Retry-After}
 * header). Retryable under every {@link RetryPolicy} unless the policy marks it fatal; when the
 * attempts run out the row becomes an error record like any other failure. Immutable.
 */
public class RetryableRowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  public RetryableRowException(String message) {
    this(message, null, null);
  }

  public RetryableRowException(String message, @Nullable Throwable cause) {
    this(message, null, cause);
  }

  /**
   * @param retryAfter the least time to wait before the next attempt (it replaces a shorter
   *     back-off), or null to leave the back-off to the policy
   */
  public RetryableRowException(
      String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, cause);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** The least wait before the next attempt that the failing service asked for, if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
