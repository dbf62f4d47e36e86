package io.zoopipe.worker.rpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * A worker's shard meters: {@code zoopipe_shard_attempts_total{state="completed|failed|cancelled"}}
 * (attempts ended on this worker; "completed" means the result was sent, the manager decides
 * whether it is committed) and the gauge {@code zoopipe_shards_running}. Thread-safe.
 */
final class ShardMeters {
  private final Counter completed;
  private final Counter failed;
  private final Counter cancelled;

  ShardMeters(MeterRegistry registry, Map<?, ?> running) {
    completed = attempts(registry, "completed");
    failed = attempts(registry, "failed");
    cancelled = attempts(registry, "cancelled");
    Gauge.builder("zoopipe.shards.running", running, Map::size)
        .description("Shard attempts running on this worker")
        .register(registry);
  }

  void completed() {
    completed.increment();
  }

  /** An attempt that failed, or that was refused before it started (bad class, missing input). */
  void failed() {
    failed.increment();
  }

  void cancelled() {
    cancelled.increment();
  }

  private static Counter attempts(MeterRegistry registry, String state) {
    return Counter.builder("zoopipe.shard.attempts")
        .description("Shard attempts ended on this worker, by state")
        .tag("state", state)
        .register(registry);
  }
}
