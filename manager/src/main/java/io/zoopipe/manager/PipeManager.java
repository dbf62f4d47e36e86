package io.zoopipe.manager;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.MemoryProbe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.manager.launch.ProcessWorkerLauncher;
import io.zoopipe.manager.plan.ShardPlanner;
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
 * Runs pipes over worker JVMs: each pipe's input is cut into byte-range shards, workers pull shards
 * from one queue, every shard attempt writes attempt-scoped parts, the boundary chain is verified
 * (a mismatch re-runs a shard from the exact offset), and when every shard of a pipe has committed
 * its parts are merged into the destination, which is untouched until then. A worker lost mid-run
 * has its attempt retried on another; a shard that keeps failing fails its pipe.
 *
 * <pre>{@code
 * try (PipeManager manager = PipeManager.parallelize(pipe, 4)) {
 *   PipeReport report = manager.run();
 * }
 * }</pre>
 *
 * <p>Several independent pipes (different inputs, outputs and schemas) can run side by side on the
 * same workers ({@link Builder#pipe}). Error records carry global positions and byte offsets, as
 * one JVM writes them: the merge adds to each shard's positions the records read before it.
 * Thread-safe: {@link #report()}, {@link #shutdown()} and {@link #await} may be called from any
 * thread. A manager runs once.
 */
public final class PipeManager implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(PipeManager.class);
  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

  private final String jobId = UUID.randomUUID().toString().substring(0, 8);
  private final List<PipeDescription> descriptions;
  private final WorkerLauncher launcher;
  private final int shards;
  private final long minShardBytes;
  private final int maxAttempts;
  private final ManagerMeters meters;
  private final StorageFactory storage;
  private final CountDownLatch done = new CountDownLatch(1);
  private final Object lock = new Object();

  @GuardedBy("lock")
  private final List<PipeJob> jobs = new ArrayList<>();

  @GuardedBy("lock")
  private boolean started;

  @GuardedBy("lock")
  private @Nullable Dispatcher dispatcher;

  private volatile boolean cancelled;
  private volatile @Nullable Throwable startFailure;

  private PipeManager(Builder builder) {
    this.descriptions = List.copyOf(builder.pipes);
    this.launcher = requireNonNull(builder.launcher, "a worker launcher is required");
    this.shards = builder.shards > 0 ? builder.shards : 4 * launcher.size();
    this.minShardBytes =
        builder.minShardBytes > 0
            ? builder.minShardBytes
            : builder.shards > 0 ? 1 : ShardPlanner.DEFAULT_MIN_SHARD_BYTES;
    this.maxAttempts = builder.maxAttempts;
    this.meters =
        builder.meterRegistry == null
            ? ManagerMeters.none()
            : ManagerMeters.of(builder.meterRegistry);
    this.storage = builder.storage != null ? builder.storage : StorageFactory.defaults();
  }

  /**
   * Runs {@code pipe} on {@code workers} local worker processes, each with the pipe's executor; 4
   * shards per worker of at least 1 MiB each. The manager probes, merges and cleans up through the
   * pipe's {@link Pipe#storage() storage}; the workers configure theirs from the environment they
   * inherit.
   *
   * @throws PipelineException INVALID_CONFIGURATION if the pipe cannot be described to a worker
   *     (see {@link PipeDescriptions#describe})
   */
  public static PipeManager parallelize(Pipe pipe, int workers) {
    return builder()
        .pipe(pipe)
        .storage(pipe.storage())
        .workers(new ProcessWorkerLauncher(workers, List.of()))
        .build();
  }

  /** Like {@link #parallelize(Pipe, int)}, with {@code executor} on each worker. */
  public static PipeManager parallelize(Pipe pipe, int workers, PipeExecutor executor) {
    return builder()
        .pipe(PipeDescriptions.describe(pipe).withExecutor(executor))
        .storage(pipe.storage())
        .workers(new ProcessWorkerLauncher(workers, List.of()))
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The job's id, which names its temporary files ({@code <destination>.zoopipe-<id>/}). */
  public String jobId() {
    return jobId;
  }

  /**
   * Checks the inputs, plans the shards and starts the workers and the run in the background.
   *
   * @throws PipelineException when an input is missing or unreadable (nothing is written)
   * @throws IllegalStateException if already started
   */
  public void start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("a PipeManager runs once; build another");
      }
      started = true;
      for (int i = 0; i < descriptions.size(); i++) {
        jobs.add(
            new PipeJob(
                i,
                jobId,
                descriptions.get(i),
                shards,
                minShardBytes,
                maxAttempts,
                meters,
                storage));
      }
    }
    meters.jobStarted();
    Thread coordinator = new Thread(this::coordinate, "zoopipe-manager-" + jobId);
    coordinator.setDaemon(true);
    coordinator.start();
  }

  /** Waits for the run to end (merged or failed, temporary files removed). */
  public void await() throws InterruptedException {
    done.await();
  }

  /** Waits up to {@code timeout}; returns whether the run has ended. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  public boolean isDone() {
    return done.getCount() == 0;
  }

  /** Starts, waits, and returns the merged report; prints nothing. */
  public PipeReport run() throws InterruptedException {
    return run(ProgressListener.NONE);
  }

  /**
   * Starts, calls {@code listener} with the merged report about twice a second, and returns the
   * final report. Interrupting the calling thread shuts the run down.
   */
  public PipeReport run(ProgressListener listener) throws InterruptedException {
    start();
    try {
      while (!await(PROGRESS_INTERVAL)) {
        listener.onProgress(report());
      }
    } catch (InterruptedException e) {
      shutdown();
      await(Duration.ofSeconds(10));
      throw e;
    }
    PipeReport report = report();
    listener.onFinished(report);
    return report;
  }

  /**
   * Cancels the run: attempts in flight are cancelled (workers stop within about a second and
   * delete their parts), temporary files are removed, destinations are untouched, and the status
   * becomes ABORTED. Returns without waiting.
   */
  public void shutdown() {
    cancelled = true;
    Dispatcher current;
    synchronized (lock) {
      jobs.forEach(PipeJob::cancel);
      current = dispatcher;
    }
    if (current != null) {
      current.stop();
    }
  }

  /** Shuts down a running manager and waits for it to clean up. */
  @Override
  public void close() {
    if (isDone()) {
      return;
    }
    shutdown();
    synchronized (lock) {
      if (!started) {
        return;
      }
    }
    try {
      await(Duration.ofSeconds(30));
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
    List<PipeJob> current;
    Dispatcher active;
    synchronized (lock) {
      current = List.copyOf(jobs);
      active = dispatcher;
    }
    if (current.isEmpty()) {
      return descriptions.stream()
          .map(d -> PipeReport.pending(d.executor().batchSize(), d.executor().concurrency()))
          .toList();
    }
    long ram = MemoryProbe.currentBytes() + (active == null ? 0 : active.workersRamBytes());
    long peak = MemoryProbe.peakBytes() + (active == null ? 0 : active.workersPeakRamBytes());
    List<PipeReport> reports = new ArrayList<>();
    for (PipeJob job : current) {
      reports.add(job.report(ram, peak, launcher.size()));
    }
    return List.copyOf(reports);
  }

  /** Per-shard detail of every pipe, in pipe and shard order. */
  public List<ShardReport> shardReports() {
    List<PipeJob> current;
    synchronized (lock) {
      current = List.copyOf(jobs);
    }
    List<ShardReport> reports = new ArrayList<>();
    current.forEach(job -> reports.addAll(job.shardReports()));
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

  /** Workers the run has (or will have). */
  public int workers() {
    return launcher.size();
  }

  /** Shards in all, over every pipe. */
  public int shardCount() {
    synchronized (lock) {
      return jobs.stream().mapToInt(PipeJob::shardCount).sum();
    }
  }

  /** Shards committed (or found empty) so far, over every pipe. */
  public int shardsDone() {
    synchronized (lock) {
      return jobs.stream().mapToInt(PipeJob::shardsDone).sum();
    }
  }

  private void coordinate() {
    List<PipeJob> current;
    synchronized (lock) {
      current = List.copyOf(jobs);
    }
    List<Worker> workers = List.of();
    Dispatcher active =
        new Dispatcher(
            () -> failAll(current, "all " + launcher.size() + " workers were lost"), meters);
    try {
      for (PipeJob job : current) {
        job.begin();
      }
      logger.info("Job {}: starting {}", jobId, launcher.describe());
      workers = launcher.launch();
      synchronized (lock) {
        dispatcher = active;
      }
      if (cancelled) {
        return;
      }
      active.start(workers.stream().map(GrpcWorkerClient::new).toList());
      for (PipeJob job : current) {
        for (int shard = 0; shard < job.shardCount(); shard++) {
          active.submit(job, shard);
        }
      }
      for (PipeJob job : current) {
        while (!job.awaitShards(Duration.ofMillis(500))) {
          if (!job.isActive()) {
            break;
          }
        }
        if (job.isActive()) {
          job.merge();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      current.forEach(PipeJob::cancel);
    } catch (IOException | RuntimeException e) {
      startFailure = e;
      PipelineException failure =
          e instanceof PipelineException pipeline
              ? pipeline
              : new PipelineException(
                  ErrorKind.INTERNAL,
                  "cannot run on " + launcher.describe() + ": " + e.getMessage(),
                  e);
      current.forEach(job -> job.fail(failure));
      logger.error("Job {} failed: {}", jobId, failure.getMessage());
    } finally {
      active.stop();
      try {
        active.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeAll(workers);
      current.forEach(PipeJob::cleanUp);
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

  private static void failAll(List<PipeJob> jobs, String message) {
    PipelineException failure = new PipelineException(ErrorKind.INTERNAL, message);
    jobs.forEach(job -> job.fail(failure));
  }

  /** Collects the pipes and the workers; {@link #build()} checks them. */
  public static final class Builder {
    private final List<PipeDescription> pipes = new ArrayList<>();
    private @Nullable WorkerLauncher launcher;
    private int shards;
    private long minShardBytes;
    private int maxAttempts = 3;
    private @Nullable MeterRegistry meterRegistry;
    private @Nullable StorageFactory storage;

    private Builder() {}

    /**
     * Adds a pipe. Its schema and hooks must be loadable by name on the workers.
     *
     * @throws PipelineException INVALID_CONFIGURATION if it cannot be described to a worker
     */
    public Builder pipe(Pipe pipe) {
      return pipe(PipeDescriptions.describe(pipe));
    }

    public Builder pipe(PipeDescription pipe) {
      pipes.add(requireNonNull(pipe, "pipe is null"));
      return this;
    }

    /** Where the workers come from: local processes, remote addresses, or in-process servers. */
    public Builder workers(WorkerLauncher workers) {
      this.launcher = requireNonNull(workers, "workers is null");
      return this;
    }

    /**
     * Shards per pipe, exactly (never more than the input has bytes); 0, the default, means 4 per
     * worker of at least 1 MiB each.
     */
    public Builder shards(int shards) {
      if (shards < 0) {
        throw new IllegalArgumentException("shards must be >= 0, got " + shards);
      }
      this.shards = shards;
      return this;
    }

    /** The smallest shard planned (default: 1 MiB, or 1 byte when {@link #shards} is set). */
    public Builder minShardBytes(long minShardBytes) {
      if (minShardBytes < 1) {
        throw new IllegalArgumentException("minShardBytes must be >= 1, got " + minShardBytes);
      }
      this.minShardBytes = minShardBytes;
      return this;
    }

    /** Attempts per shard before its pipe fails (default 3). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Counts jobs by status, shard attempts by outcome, the committed shards' records, workers
     * alive and merge time on {@code registry} (names in {@link ManagerMeters}). Managers may share
     * a registry; their counts add up. Without one (the default) nothing is metered.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = requireNonNull(registry, "registry is null");
      return this;
    }

    /**
     * Where the manager itself reads and writes: it probes each input, merges the parts into the
     * destinations and deletes temporary parts through this factory. Default: {@link
     * StorageFactory#defaults()}. Workers have storage of their own (a worker process configures it
     * from its environment), which must reach the same locations. The factory stays the caller's to
     * close.
     */
    public Builder storage(StorageFactory storage) {
      this.storage = requireNonNull(storage, "storage is null");
      return this;
    }

    public PipeManager build() {
      if (pipes.isEmpty()) {
        throw PipelineException.invalidConfiguration("a PipeManager needs at least one pipe");
      }
      if (launcher == null) {
        throw PipelineException.invalidConfiguration("a PipeManager needs workers");
      }
      return new PipeManager(this);
    }
  }
}
