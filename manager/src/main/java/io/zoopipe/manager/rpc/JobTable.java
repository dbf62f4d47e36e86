package io.zoopipe.manager.rpc;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The jobs a job service knows, by id: running jobs always, finished ones for a bounded time and
 * number, so that a long-lived server does not keep every report it ever made. A job's finish is
 * noticed when the table is next touched; from then on it stays for {@code keepFor} and among the
 * newest {@code keepCount} finished jobs. Thread-safe.
 *
 * @param <J> the job type
 */
final class JobTable<J> {
  private final Predicate<J> isDone;
  private final int keepCount;
  private final Duration keepFor;
  private final Clock clock;

  @GuardedBy("this")
  private final Map<String, J> running = new LinkedHashMap<>();

  /** Finished jobs in the order their finish was noticed, oldest first. */
  @GuardedBy("this")
  private final LinkedHashMap<String, Finished<J>> finished = new LinkedHashMap<>();

  private record Finished<J>(J job, Instant at) {}

  /**
   * @param isDone whether a job has finished
   * @param keepCount finished jobs kept at most (0 forgets a job as soon as it is seen finished)
   * @param keepFor how long a finished job is kept
   */
  JobTable(Predicate<J> isDone, int keepCount, Duration keepFor, Clock clock) {
    if (keepCount < 0 || keepFor.isNegative()) {
      throw new IllegalArgumentException("keepCount and keepFor must be >= 0");
    }
    this.isDone = requireNonNull(isDone, "isDone is null");
    this.keepCount = keepCount;
    this.keepFor = requireNonNull(keepFor, "keepFor is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  synchronized void put(String id, J job) {
    running.put(requireNonNull(id, "id is null"), requireNonNull(job, "job is null"));
    evict();
  }

  /** The job, or null when unknown or forgotten. */
  synchronized @Nullable J get(String id) {
    evict();
    J job = running.get(id);
    if (job != null) {
      return job;
    }
    Finished<J> done = finished.get(id);
    return done == null ? null : done.job();
  }

  /** Every job known now, running ones first. */
  synchronized List<J> all() {
    evict();
    List<J> all = new ArrayList<>(running.values());
    finished.values().forEach(done -> all.add(done.job()));
    return all;
  }

  @GuardedBy("this")
  private void evict() {
    Instant now = clock.instant();
    for (Iterator<Map.Entry<String, J>> it = running.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, J> entry = it.next();
      if (isDone.test(entry.getValue())) {
        it.remove();
        finished.put(entry.getKey(), new Finished<>(entry.getValue(), now));
      }
    }
    Instant oldest = now.minus(keepFor);
    finished.values().removeIf(done -> done.at().isBefore(oldest));
    Iterator<String> ids = finished.keySet().iterator();
    for (int excess = finished.size() - keepCount; excess > 0; excess--) {
      ids.next();
      ids.remove();
    }
  }
}
