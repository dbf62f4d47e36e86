package io.zoopipe.common.pipe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.zoopipe.common.report.PipeStatus;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of pipe runs on one {@link MeterRegistry}, shared by every pipe that uses that
 * registry (see {@link Pipe.Builder#meterRegistry}). Counters move once per written batch, never
 * per record. Tags have a handful of values each. Thread-safe.
 *
 * <p>Prometheus names: {@code zoopipe_records_total{outcome="success|error|dropped"}}, {@code
 * zoopipe_batches_total}, {@code zoopipe_input_bytes_total}, {@code
 * zoopipe_pipe_runs_total{status="completed|failed|aborted"}}, the fault counters {@code
 * zoopipe_hook_retries_calls_total}, {@code zoopipe_hook_skipped_records_total} and {@code
 * zoopipe_hook_backoff_seconds_total}, and the gauge {@code zoopipe_pipes_active}.
 */
final class PipeMeters {
  // Weak keys: a registry dropped by its owner takes its meters with it. The values never
  // reference their registry.
  private static final Map<MeterRegistry, PipeMeters> BY_REGISTRY = new WeakHashMap<>();

  private final Counter successes;
  private final Counter errors;
  private final Counter dropped;
  private final Counter batches;
  private final Counter inputBytes;
  private final Counter retries;
  private final Counter skipped;
  private final Counter backoffSeconds;
  private final Counter completedRuns;
  private final Counter failedRuns;
  private final Counter abortedRuns;
  private final AtomicInteger active = new AtomicInteger();

  private PipeMeters(MeterRegistry registry) {
    successes = records(registry, "success");
    errors = records(registry, "error");
    dropped = records(registry, "dropped");
    batches =
        Counter.builder("zoopipe.batches")
            .description("Batches written by pipe runs")
            .baseUnit("batches")
            .register(registry);
    inputBytes =
        Counter.builder("zoopipe.input.bytes")
            .description("Input bytes read by pipe runs")
            .baseUnit(BaseUnits.BYTES)
            .register(registry);
    retries =
        Counter.builder("zoopipe.hook.retries")
            .description("Calls of hooks and row processors made again after a failed call")
            .baseUnit("calls")
            .register(registry);
    skipped =
        Counter.builder("zoopipe.hook.skipped")
            .description("Rows sent to the error output because a hook or row processor threw")
            .baseUnit("records")
            .register(registry);
    backoffSeconds =
        Counter.builder("zoopipe.hook.backoff")
            .description("Back-off waited before retries, summed over rows")
            .baseUnit("seconds")
            .register(registry);
    completedRuns = runs(registry, PipeStatus.COMPLETED);
    failedRuns = runs(registry, PipeStatus.FAILED);
    abortedRuns = runs(registry, PipeStatus.ABORTED);
    Gauge.builder("zoopipe.pipes.active", active, AtomicInteger::get)
        .description("Pipe runs in progress")
        .strongReference(true)
        .register(registry);
  }

  /** The meters on {@code registry}, registered on first use. */
  static PipeMeters of(MeterRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, PipeMeters::new);
    }
  }

  void runStarted() {
    active.incrementAndGet();
  }

  void runEnded(PipeStatus status) {
    active.decrementAndGet();
    switch (status) {
      case COMPLETED -> completedRuns.increment();
      case FAILED -> failedRuns.increment();
      case ABORTED -> abortedRuns.increment();
      case PENDING, RUNNING -> throw new IllegalArgumentException("not an end status: " + status);
    }
  }

  void batchWritten(BatchProcessor.Result result) {
    batches.increment();
    successes.increment(result.successes());
    errors.increment(result.errors());
    dropped.increment(result.dropped());
    if (result.retries() > 0 || result.skipped() > 0 || result.backoffNanos() > 0) {
      retries.increment(result.retries());
      skipped.increment(result.skipped());
      backoffSeconds.increment(result.backoffNanos() / 1e9);
    }
  }

  void bytesRead(long bytes) {
    if (bytes > 0) {
      inputBytes.increment((double) bytes);
    }
  }

  private static Counter records(MeterRegistry registry, String outcome) {
    return Counter.builder("zoopipe.records")
        .description(
            "Records processed by pipe runs, by outcome: written, sent to the error output, or dropped by a hook")
        .baseUnit("records")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static Counter runs(MeterRegistry registry, PipeStatus status) {
    return Counter.builder("zoopipe.pipe.runs")
        .description("Pipe runs ended, by final status")
        .tag("status", status.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry);
  }
}
