package io.zoopipe.cli;

import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.pipe.FaultPolicy;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.pipe.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options of {@code run} and {@code submit} (through {@link PipeDefinitionOptions}) that make
 * up its {@link FaultPolicy} (retries, back-off, skip, timeout, in-flight bound, rate limit) and
 * the job id of its idempotency keys. Without any of them the policy is {@link FaultPolicy#NONE}: a
 * batch hook's exception fails the run, as it always did.
 */
final class FaultOptions {
  @Option(
      names = "--hook-retries",
      paramLabel = "N",
      description =
          "Call a hook or row processor again up to N times on a row whose call failed with a"
              + " retryable exception (default: 0).")
  int retries;

  @Option(
      names = "--hook-backoff",
      paramLabel = "INITIAL[,MAX]",
      description =
          "Back-off before the first retry, doubling up to MAX, with jitter (default: 100ms,10s);"
              + " units ms, s, m.")
  @Nullable String backoff;

  @Option(
      names = "--hook-max-delay",
      paramLabel = "DURATION",
      description = "The most back-off one row may wait in all (default: 1m).")
  @Nullable String maxDelay;

  @Option(
      names = "--hook-retry-on",
      paramLabel = "CLASS",
      description =
          "An exception class to retry (repeatable; replaces the defaults: IOException,"
              + " UncheckedIOException, TimeoutException, RetryableRowException).")
  List<String> retryOn = new ArrayList<>();

  @Option(
      names = "--hook-fatal",
      paramLabel = "CLASS",
      description = "An exception class that fails the run at once (repeatable).")
  List<String> fatal = new ArrayList<>();

  @Option(
      names = "--hook-skip",
      description =
          "Turn the rows a batch hook keeps failing on into error records (the batch is scanned"
              + " row by row) instead of failing the run; row processors always fail the row only.")
  boolean skip;

  @Option(
      names = "--hook-timeout",
      paramLabel = "DURATION",
      description = "Fail an asynchronous row call that takes longer (retryable; default: none).")
  @Nullable String timeout;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description =
          "The most asynchronous row calls in flight per pipe, over all threads (default: 64).")
  int maxInFlight = FaultPolicy.DEFAULT_MAX_IN_FLIGHT;

  @Option(
      names = "--rate-limit",
      paramLabel = "CALLS_PER_SECOND",
      description =
          "The most row-processor calls per second for the whole job, divided among the workers"
              + " (default: none).")
  double rateLimit;

  @Option(
      names = "--job-id",
      paramLabel = "ID",
      description =
          "The job id in every row's idempotency key: a re-run with the same id gives the same"
              + " keys (default: a new id per run; through workers, the manager's job id).")
  @Nullable String jobId;

  /** The policy these options describe; exception classes are loaded from {@code classes}. */
  FaultPolicy policy(PluginClasses classes) {
    if (retries < 0) {
      throw new UsageException("--hook-retries must be >= 0, got " + retries);
    }
    if (maxInFlight < 1) {
      throw new UsageException("--max-in-flight must be >= 1, got " + maxInFlight);
    }
    if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
      throw new UsageException("--rate-limit must be >= 0, got " + rateLimit);
    }
    RetryPolicy retry = RetryPolicy.NONE.withMaxAttempts(retries + 1);
    if (backoff != null) {
      String[] parts = backoff.split(",", -1);
      if (parts.length > 2) {
        throw new UsageException("--hook-backoff takes INITIAL[,MAX], got '" + backoff + "'");
      }
      Duration initial = duration("--hook-backoff", parts[0]);
      Duration max = parts.length == 2 ? duration("--hook-backoff", parts[1]) : retry.maxBackoff();
      if (max.compareTo(initial) < 0) {
        throw new UsageException("--hook-backoff: MAX " + parts[1] + " is below INITIAL");
      }
      retry = retry.withBackoff(initial, retry.multiplier(), max);
    }
    if (maxDelay != null) {
      retry = retry.withMaxTotalDelay(duration("--hook-max-delay", maxDelay));
    }
    if (!retryOn.isEmpty()) {
      retry = retry.withRetryable(throwables(classes, "--hook-retry-on", retryOn));
    }
    retry = retry.withFatal(throwables(classes, "--hook-fatal", fatal));
    FaultPolicy policy =
        new FaultPolicy(
            retry,
            skip,
            timeout == null ? Duration.ZERO : duration("--hook-timeout", timeout),
            maxInFlight,
            rateLimit);
    return policy.isNone() && maxInFlight == FaultPolicy.DEFAULT_MAX_IN_FLIGHT && fatal.isEmpty()
        ? FaultPolicy.NONE
        : policy;
  }

  /** {@code 250ms}, {@code 2s}, {@code 1m}, or an ISO-8601 duration ({@code PT2S}). */
  static Duration duration(String option, String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration duration;
      if (value.startsWith("pt")) {
        duration = Duration.parse(value);
      } else if (value.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      } else if (value.endsWith("s")) {
        duration = Duration.ofMillis(Math.round(1000 * parse(value, 1)));
      } else if (value.endsWith("m")) {
        duration = Duration.ofMillis(Math.round(60_000 * parse(value, 1)));
      } else {
        throw new NumberFormatException("no unit");
      }
      if (duration.isNegative()) {
        throw new NumberFormatException("negative");
      }
      return duration;
    } catch (RuntimeException e) {
      throw new UsageException(
          option + ": '" + text + "' is not a duration such as 250ms, 2s or 1m", e);
    }
  }

  private static double parse(String value, int unitLength) {
    return Double.parseDouble(value.substring(0, value.length() - unitLength));
  }

  private static List<Class<? extends Throwable>> throwables(
      PluginClasses classes, String option, List<String> names) {
    List<Class<? extends Throwable>> types = new ArrayList<>(names.size());
    for (String name : names) {
      Class<?> type;
      try {
        type = classes.load(option, name);
      } catch (PipelineException e) {
        throw new UsageException(String.valueOf(e.getMessage()), e);
      }
      if (!Throwable.class.isAssignableFrom(type)) {
        throw new UsageException(option + " " + name + ": is not an exception class");
      }
      types.add(type.asSubclass(Throwable.class));
    }
    return types;
  }
}
