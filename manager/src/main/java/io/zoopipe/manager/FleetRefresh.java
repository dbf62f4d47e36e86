package io.zoopipe.manager;

import io.zoopipe.manager.rpc.GrpcWorkerClient;
import io.zoopipe.rpc.Worker;
import io.zoopipe.rpc.WorkerChanges;
import io.zoopipe.rpc.WorkerLauncher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a running job's pool in step with a changing fleet (workers found by DNS): every refresh
 * interval of the launcher, workers that joined are added to the {@link Dispatcher} and those that
 * left are retired. Losing every worker fails the job only when none has joined within a grace
 * period (three intervals, at least 10 seconds), so that a rolling restart does not. Owns the
 * workers of the job: {@link #workers()} is every one ever connected, for closing at the end. Used
 * by the coordinator thread only, apart from {@link #onAllWorkersLost()} and {@link #workers()}.
 */
final class FleetRefresh {
  private static final Logger logger = LoggerFactory.getLogger(PipeManager.class);

  private final String jobId;
  private final WorkerLauncher launcher;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private final long intervalNanos;
  private final long graceNanos;
  private long nextRefresh;
  private volatile long allLostAt = -1;

  FleetRefresh(String jobId, WorkerLauncher launcher) {
    this.jobId = jobId;
    this.launcher = launcher;
    Duration interval = launcher.refreshInterval().orElse(Duration.ZERO);
    this.intervalNanos = interval.toNanos();
    this.graceNanos = Math.max(3 * intervalNanos, Duration.ofSeconds(10).toNanos());
  }

  /** Whether the fleet can change while the job runs. */
  boolean isDynamic() {
    return intervalNanos > 0;
  }

  /** Records the workers the job started with. */
  void started(List<Worker> launched) {
    workers.addAll(launched);
    nextRefresh = System.nanoTime() + intervalNanos;
  }

  /** Every worker connected for the job, including those that left. */
  List<Worker> workers() {
    return List.copyOf(workers);
  }

  /** Called by the dispatcher when its last worker went; the next {@link #refresh} judges. */
  void onAllWorkersLost() {
    allLostAt = System.nanoTime();
  }

  /**
   * Looks at the fleet if the interval has passed and applies the changes to {@code dispatcher}.
   *
   * @return a message when every worker is gone and none joined within the grace period, else null
   */
  @Nullable String refresh(Dispatcher dispatcher) {
    long now = System.nanoTime();
    if (!isDynamic() || now - nextRefresh < 0) {
      return null;
    }
    nextRefresh = now + intervalNanos;
    WorkerChanges changes = launcher.refresh(dispatcher.activeWorkers());
    for (Worker worker : changes.joined()) {
      workers.add(worker);
      dispatcher.add(new GrpcWorkerClient(worker));
      logger.info("Job {}: worker {} joined", jobId, worker.name());
    }
    for (String name : changes.left()) {
      dispatcher.retire(name);
      logger.info("Job {}: worker {} left; it finishes its shard, if any", jobId, name);
    }
    if (!changes.joined().isEmpty()) {
      allLostAt = -1;
    }
    long lostAt = allLostAt;
    if (lostAt >= 0 && dispatcher.aliveWorkers() == 0 && now - lostAt > graceNanos) {
      return "all workers were lost and none joined within "
          + Duration.ofNanos(graceNanos).toSeconds()
          + " s ("
          + launcher.describe()
          + ")";
    }
    return null;
  }
}
