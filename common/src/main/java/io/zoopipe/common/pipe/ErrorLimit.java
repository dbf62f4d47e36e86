package io.zoopipe.common.pipe;

import java.math.BigDecimal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How many failed rows a run tolerates before it stops: at most {@code maxErrors} failed rows, and
 * at most a fraction {@code maxErrorRate} of the rows seen. A failed row is one that goes (or would
 * go, without an error output) to the error output: malformed input, invalid rows, rows a hook
 * marked as failed; dropped rows are not failures. The count limit is checked after every batch;
 * the rate limit after every batch once {@value #RATE_MIN_ROWS} rows have been seen, and always
 * when the input is exhausted, so that the first rows alone do not decide. Crossing either fails
 * the run with {@link ErrorKind#TOO_MANY_ROW_ERRORS}. An immutable value.
 *
 * @param maxErrors the most failed rows allowed, 0 for none; -1 for no count limit
 * @param maxErrorRate the largest fraction of failed rows allowed, from 0 to 1; -1 for no rate
 *     limit
 */
public record ErrorLimit(long maxErrors, double maxErrorRate) {
  /** Rows a run must have seen before the rate limit is checked while it runs. */
  public static final long RATE_MIN_ROWS = 1_000;

  /** No limit: every row may fail. */
  public static final ErrorLimit NONE = new ErrorLimit(-1, -1);

  public ErrorLimit {
    if (maxErrors < -1) {
      throw new IllegalArgumentException("max errors must be >= 0, got " + maxErrors);
    }
    if (maxErrorRate != -1 && !(maxErrorRate >= 0 && maxErrorRate <= 1)) {
      throw new IllegalArgumentException(
          "max error rate must be between 0 and 1, got " + maxErrorRate);
    }
  }

  /** This limit with at most {@code max} failed rows (0: any failed row fails the run). */
  public ErrorLimit withMaxErrors(long max) {
    if (max < 0) {
      throw new IllegalArgumentException("max errors must be >= 0, got " + max);
    }
    return new ErrorLimit(max, maxErrorRate);
  }

  /** This limit with at most a fraction {@code rate} (0 to 1) of the rows seen failed. */
  public ErrorLimit withMaxErrorRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("max error rate must be between 0 and 1, got " + rate);
    }
    return new ErrorLimit(maxErrors, rate);
  }

  public boolean hasMaxErrors() {
    return maxErrors >= 0;
  }

  public boolean hasMaxErrorRate() {
    return maxErrorRate >= 0;
  }

  /** Whether there is no limit at all. */
  public boolean isNone() {
    return !hasMaxErrors() && !hasMaxErrorRate();
  }

  /**
   * The failure when {@code failed} of {@code seen} rows cross this limit, or null when they do
   * not.
   *
   * @param finished whether the input is exhausted: the rate is then checked however few rows were
   *     seen
   */
  public @Nullable PipelineException check(long seen, long failed, boolean finished) {
    if (hasMaxErrors() && failed > maxErrors) {
      return exceeded(seen, failed, "--max-errors " + maxErrors);
    }
    if (hasMaxErrorRate()
        && seen > 0
        && (finished || seen >= RATE_MIN_ROWS)
        && (double) failed / seen > maxErrorRate) {
      return exceeded(seen, failed, "--max-error-rate " + rate(maxErrorRate));
    }
    return null;
  }

  /**
   * The count limit of one part of a run (a shard) whose other parts already failed {@code
   * failedElsewhere} rows: what is left of the count limit, and no rate limit (a rate is judged
   * over the whole run only).
   */
  public ErrorLimit forPart(long failedElsewhere) {
    return hasMaxErrors() ? new ErrorLimit(Math.max(0, maxErrors - failedElsewhere), -1) : NONE;
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "no error limit";
    }
    String count = hasMaxErrors() ? "--max-errors " + maxErrors : "";
    String rate = hasMaxErrorRate() ? "--max-error-rate " + rate(maxErrorRate) : "";
    return count.isEmpty() || rate.isEmpty() ? count + rate : count + " " + rate;
  }

  private static PipelineException exceeded(long seen, long failed, String limit) {
    return new PipelineException(
        ErrorKind.TOO_MANY_ROW_ERRORS,
        String.format(
            Locale.ROOT,
            "too many row errors: %,d of %,d rows seen failed (limit %s)",
            failed,
            seen,
            limit));
  }

  private static String rate(double rate) {
    return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
  }
}
