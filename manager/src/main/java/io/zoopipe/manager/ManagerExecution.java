package io.zoopipe.manager;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.MemoryProbe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.manager.rpc.GrpcWorkerClient;
import io.zoopipe.rpc.Worker;
import io.zoopipe.rpc.WorkerLauncher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job of a {@link PipeManager}, started by {@link PipeManager#start()}: the handle to wait for
 * it, watch it and stop it, as a {@link io.zoopipe.common.pipe.PipeExecution} is to a pipe. The
 * execution owns what the job opened: its id, one {@link PipeJob} per pipe, the workers it
 * launched, the {@link Dispatcher} that hands them shards, and the coordinator thread that
 * dispatches, merges and, when the job ends (also when it fails or is shut down), stops the workers
 * and removes every temporary file.
 *
 * <pre>{@code
 * try (ManagerExecution execution = manager.start()) { // close() stops a job still going
 *   PipeReport report = execution.await();
 * }
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread, and several threads may wait at once.
 * Executions of one manager are independent: each has its own id, shards, workers and counters.
 */
public final class ManagerExecution implements AutoCloseable {
  // Logged under the manager's name, as before the job had a class of its own.
  private static final Logger logger = LoggerFactory.getLogger(PipeManager.class);
  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
  private static final Duration INTERRUPTED_WAIT = Duration.ofSeconds(10);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final PipeManager manager;
  private final String jobId;
  private final List<PipeJob> jobs;
  private final WorkerLauncher launcher;
  private final ManagerMeters meters;
  private final Thread coordinator;
  private final CountDownLatch done = new CountDownLatch(1);
  private final Object lock = new Object();

  @GuardedBy("lock")
  private @Nullable Dispatcher dispatcher;

  private volatile boolean cancelled;
  private volatile int workersStarted;
  private volatile @Nullable Throwable startFailure;

  private ManagerExecution(PipeManager manager, String jobId, List<PipeJob> jobs) {
    this.manager = manager;
    this.jobId = jobId;
    this.jobs = List.copyOf(jobs);
    this.launcher = manager.launcher();
    this.meters = manager.meters();
    this.coordinator = new Thread(this::coordinate, "zoopipe-manager-" + jobId);
    coordinator.setDaemon(true);
  }

  /**
   * Probes the inputs and plans the shards of a new job of {@code manager}, then starts it.
   *
   * @throws PipelineException when an input is missing or unreadable (nothing is written)
   */
  static ManagerExecution start(PipeManager manager) {
    String jobId = UUID.randomUUID().toString().substring(0, 8);
    List<PipeDescription> descriptions = manager.pipes();
    List<PipeJob> jobs = new ArrayList<>();
    for (int i = 0; i < descriptions.size(); i++) {
      jobs.add(
          new PipeJob(
              i,
              jobId,
              // Each worker's pipe gets its share of the job's rate limit.
              descriptions
                  .get(i)
                  .withFaultPolicy(
                      descriptions
                          .get(i)
                          .faultPolicy()
                          .forPart(Math.max(1, manager.launcher().size()))),
              manager.shards(),
              manager.minShardBytes(),
              manager.maxAttempts(),
              manager.meters(),
              manager.storage()));
    }
    ManagerExecution execution = new ManagerExecution(manager, jobId, jobs);
    execution.meters.jobStarted();
    execution.coordinator.start();
    return execution;
  }

  /** The definition this execution runs. */
  public PipeManager manager() {
    return manager;
  }

  /** The job's id, which names its temporary files ({@code <destination>.zoopipe-<id>/}). */
  public String jobId() {
    return jobId;
  }

  /**
   * Waits for the job to end (merged or failed, temporary files removed) and returns its merged
   * report.
   *
   * @throws InterruptedException if the waiting thread is interrupted; the job goes on
   */
  public PipeReport await() throws InterruptedException {
    done.await();
    return report();
  }

  /** Waits up to {@code timeout}; returns whether the job has ended. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Waits for the job to end, calls {@code listener} with the merged report about twice a second
   * meanwhile, and returns the final report. Interrupting the waiting thread shuts the job down,
   * waits for it (up to 10 seconds) and throws.
   */
  public PipeReport await(ProgressListener listener) throws InterruptedException {
    try {
      while (!await(PROGRESS_INTERVAL)) {
        listener.onProgress(report());
      }
    } catch (InterruptedException e) {
      shutdown();
      await(INTERRUPTED_WAIT);
      throw e;
    }
    PipeReport report = report();
    listener.onFinished(report);
    return report;
  }

  /** Whether the job has ended (merged or failed, temporary files removed). */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  /**
   * Cancels the job: attempts in flight are cancelled (workers stop within about a second and
   * delete their parts), temporary files are removed, destinations are untouched, and the status
   * becomes ABORTED. Returns without waiting; use {@link #await} to wait.
   */
  public void shutdown() {
    cancelled = true;
    jobs.forEach(PipeJob::cancel);
    Dispatcher current;
    synchronized (lock) {
      current = dispatcher;
    }
    if (current != null) {
      current.stop();
    }
  }

  /**
   * Shuts a job that is still going down and waits for it to clean up, up to 30 seconds; does
   * nothing once it has ended. An interrupt while waiting is restored.
   */
  @Override
  public void close() {
    if (isDone()) {
      return;
    }
    shutdown();
    try {
      await(CLOSE_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The merged report of every pipe: counts added up, memory of the manager plus its workers. */
  public PipeReport report() {
    List<PipeReport> reports = pipeReports();
    if (reports.size() == 1) {
      return reports.get(0);
    }
    return ReportMerger.merge(reports, startFailure);
  }

  /** One merged report per pipe, in the order given. */
  public List<PipeReport> pipeReports() {
    Dispatcher active;
    synchronized (lock) {
      active = dispatcher;
    }
    long ram = MemoryProbe.currentBytes() + (active == null ? 0 : active.workersRamBytes());
    long peak = MemoryProbe.peakBytes() + (active == null ? 0 : active.workersPeakRamBytes());
    List<PipeReport> reports = new ArrayList<>();
    for (PipeJob job : jobs) {
      reports.add(job.report(ram, peak, launcher.size()));
    }
    return List.copyOf(reports);
  }

  /** Per-shard detail of every pipe, in pipe and shard order. */
  public List<ShardReport> shardReports() {
    List<ShardReport> reports = new ArrayList<>();
    jobs.forEach(job -> reports.addAll(job.shardReports()));
    return List.copyOf(reports);
  }

  /** Workers running a shard now. */
  public int busyWorkers() {
    Dispatcher current;
    synchronized (lock) {
      current = dispatcher;
    }
    return current == null ? 0 : current.busy();
  }

  /** Workers the job has (or will have): as many as the launcher was asked for. */
  public int workers() {
    return launcher.size();
  }

  /**
   * Workers the job started on: fewer than {@link #workers()} when some could not be started (the
   * job goes on with those that are up), 0 until they are up or when none could be.
   */
  public int workersStarted() {
    return workersStarted;
  }

  /** Shards in all, over every pipe. */
  public int shardCount() {
    return jobs.stream().mapToInt(PipeJob::shardCount).sum();
  }

  /** Shards committed (or found empty) so far, over every pipe. */
  public int shardsDone() {
    return jobs.stream().mapToInt(PipeJob::shardsDone).sum();
  }

  private void coordinate() {
    FleetRefresh fleet = new FleetRefresh(jobId, launcher);
    Dispatcher active =
        new Dispatcher(
            () -> {
              if (fleet.isDynamic()) {
                fleet.onAllWorkersLost();
              } else {
                failAll("all " + workersStarted + " workers were lost");
              }
            },
            meters);
    try {
      for (PipeJob job : jobs) {
        job.begin();
      }
      logger.info("Job {}: starting {}", jobId, launcher.describe());
      long launchStart = System.nanoTime();
      List<Worker> workers = launcher.launch();
      logger.info(
          "Job {}: {} worker(s) ready after {} ms",
          jobId,
          workers.size(),
          (System.nanoTime() - launchStart) / 1_000_000);
      workersStarted = workers.size();
      fleet.started(workers);
      synchronized (lock) {
        dispatcher = active;
      }
      if (cancelled) {
        return;
      }
      active.start(workers.stream().map(GrpcWorkerClient::new).toList());
      for (PipeJob job : jobs) {
        for (int shard = 0; shard < job.shardCount(); shard++) {
          active.submit(job, shard);
        }
      }
      for (PipeJob job : jobs) {
        while (!job.awaitShards(Duration.ofMillis(500))) {
          if (!job.isActive()) {
            break;
          }
          String lost = fleet.refresh(active);
          if (lost != null) {
            failAll(lost);
          }
        }
        if (job.isActive()) {
          job.merge();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jobs.forEach(PipeJob::cancel);
    } catch (IOException | RuntimeException e) {
      startFailure = e;
      PipelineException failure =
          e instanceof PipelineException pipeline
              ? pipeline
              : new PipelineException(
                  ErrorKind.INTERNAL,
                  "cannot run on " + launcher.describe() + ": " + e.getMessage(),
                  e);
      jobs.forEach(job -> job.fail(failure));
      logger.error("Job {} failed: {}", jobId, failure.getMessage());
    } finally {
      active.stop();
      try {
        active.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeAll(fleet.workers());
      jobs.forEach(PipeJob::cleanUp);
      meters.jobEnded(report().status());
      done.countDown();
    }
  }

  /** Stops the workers side by side: each may take a moment to cancel and clean up. */
  private static void closeAll(List<Worker> workers) {
    List<Thread> closers = new ArrayList<>();
    for (Worker worker : workers) {
      Thread closer = new Thread(worker::close, "zoopipe-close-" + worker.name());
      closer.setDaemon(true);
      closer.start();
      closers.add(closer);
    }
    for (Thread closer : closers) {
      try {
        closer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void failAll(String message) {
    PipelineException failure = new PipelineException(ErrorKind.INTERNAL, message);
    jobs.forEach(job -> job.fail(failure));
  }

  @Override
  public String toString() {
    return "ManagerExecution[" + jobId + ", " + report().status() + "]";
  }
}
