package io.zoopipe.manager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.manager.attempt.AttemptCounts;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of the managers that share one {@link MeterRegistry} (see {@link
 * PipeManager.Builder#meterRegistry}); a manager without a registry uses meters that go nowhere.
 * Moved once per job, shard attempt, worker or merge. Thread-safe.
 *
 * <p>Prometheus names: {@code zoopipe_manager_jobs_total{status="completed|failed|aborted"}},
 * {@code zoopipe_manager_jobs_active}, {@code zoopipe_manager_shard_attempts_total{outcome=...}}
 * (see {@link Attempt}), {@code zoopipe_manager_records_total{outcome="success|error|dropped"}}
 * (summed from committed shards, so each record counts once however often its shard ran), {@code
 * zoopipe_manager_workers_alive} and the timer {@code zoopipe_manager_merge_duration_seconds}.
 */
final class ManagerMeters {
  private static final Map<MeterRegistry, ManagerMeters> BY_REGISTRY = new WeakHashMap<>();
  private static final ManagerMeters NONE = new ManagerMeters(new CompositeMeterRegistry());

  /** What became of a shard attempt, as the manager sees it. */
  enum Attempt {
    /** Its parts will be merged. */
    COMMITTED,
    /** It finished, but the previous shard's last record covered its range: it owns no records. */
    EMPTY,
    /** It started elsewhere than the previous shard ended: discarded and run again from there. */
    RERUN,
    /** It failed with a retryable error and its shard runs again. */
    RETRIED,
    /** It failed for good, failing its pipe. */
    FAILED,
    /** It ended after its job had ended (cancelled, failed elsewhere): ignored. */
    DISCARDED
  }

  private final Map<PipeStatus, Counter> jobs;
  private final Map<Attempt, Counter> attempts;
  private final Counter successes;
  private final Counter errors;
  private final Counter dropped;
  private final Timer mergeDuration;
  private final AtomicInteger activeJobs = new AtomicInteger();
  private final AtomicInteger aliveWorkers = new AtomicInteger();

  private ManagerMeters(MeterRegistry registry) {
    jobs =
        Map.of(
            PipeStatus.COMPLETED, job(registry, PipeStatus.COMPLETED),
            PipeStatus.FAILED, job(registry, PipeStatus.FAILED),
            PipeStatus.ABORTED, job(registry, PipeStatus.ABORTED));
    Map<Attempt, Counter> byOutcome = new java.util.EnumMap<>(Attempt.class);
    for (Attempt outcome : Attempt.values()) {
      byOutcome.put(
          outcome,
          Counter.builder("zoopipe.manager.shard.attempts")
              .description("Shard attempts ended, by what the manager did with them")
              .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    attempts = byOutcome;
    successes = records(registry, "success");
    errors = records(registry, "error");
    dropped = records(registry, "dropped");
    mergeDuration =
        Timer.builder("zoopipe.manager.merge.duration")
            .description("Time to merge a pipe's committed parts into its destinations")
            .register(registry);
    Gauge.builder("zoopipe.manager.jobs.active", activeJobs, AtomicInteger::get)
        .description("Jobs running")
        .strongReference(true)
        .register(registry);
    Gauge.builder("zoopipe.manager.workers.alive", aliveWorkers, AtomicInteger::get)
        .description("Workers taking shards, over all running jobs")
        .strongReference(true)
        .register(registry);
  }

  /** The meters on {@code registry}, registered on first use. */
  static ManagerMeters of(MeterRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, ManagerMeters::new);
    }
  }

  /** Meters registered nowhere. */
  static ManagerMeters none() {
    return NONE;
  }

  void jobStarted() {
    activeJobs.incrementAndGet();
  }

  void jobEnded(PipeStatus status) {
    activeJobs.decrementAndGet();
    Counter counter = jobs.get(status);
    if (counter != null) {
      counter.increment();
    }
  }

  void attempt(Attempt outcome) {
    attempts.get(outcome).increment();
  }

  /** An attempt committed: counts it and its records. */
  void committed(AttemptCounts counts) {
    attempt(Attempt.COMMITTED);
    successes.increment(counts.successCount());
    errors.increment(counts.errorCount());
    dropped.increment(counts.droppedCount());
  }

  void workerUp() {
    aliveWorkers.incrementAndGet();
  }

  void workerDown() {
    aliveWorkers.decrementAndGet();
  }

  void merged(Duration duration) {
    mergeDuration.record(duration);
  }

  private static Counter job(MeterRegistry registry, PipeStatus status) {
    return Counter.builder("zoopipe.manager.jobs")
        .description("Jobs ended, by final status")
        .tag("status", status.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  private static Counter records(MeterRegistry registry, String outcome) {
    return Counter.builder("zoopipe.manager.records")
        .description(
            "Records of committed shards, by outcome: written, sent to the error output,"
                + " or dropped by a hook")
        .baseUnit("records")
        .tag("outcome", outcome)
        .register(registry);
  }
}
