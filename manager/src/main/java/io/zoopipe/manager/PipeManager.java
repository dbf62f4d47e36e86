package io.zoopipe.manager;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.manager.launch.ProcessWorkerLauncher;
import io.zoopipe.manager.plan.ShardPlanner;
import io.zoopipe.rpc.WorkerLauncher;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A distributed job definition: runs pipes over worker JVMs. Each pipe's input is cut into
 * byte-range shards, workers pull shards from one queue, every shard attempt writes attempt-scoped
 * parts, the boundary chain is verified (a mismatch re-runs a shard from the exact offset), and
 * when every shard of a pipe has committed its parts are merged into the destination, which is
 * untouched until then. A worker lost mid-run has its attempt retried on another; a shard that
 * keeps failing fails its pipe.
 *
 * <pre>{@code
 * PipeManager manager = PipeManager.parallelize(pipe, 4);
 * try (ManagerExecution execution = manager.start()) { // close() stops a job still going
 *   PipeReport report = execution.await();
 * }
 * }</pre>
 *
 * <p>Several independent pipes (different inputs, outputs and schemas) can run side by side on the
 * same workers ({@link Builder#pipe}). Error records carry global positions and byte offsets, as
 * one JVM writes them: the merge adds to each shard's positions the records read before it. Each
 * {@link #start()} begins a job, whose {@link ManagerExecution} is the handle to watch, wait for
 * and stop it, as a {@link io.zoopipe.common.pipe.PipeExecution} is to a {@link Pipe}.
 *
 * <p>An immutable definition, thread-safe. A manager may be started any number of times, one job
 * after another: each job has its own id, shards, workers (launched, or connected to, anew from the
 * launcher), work directories beside the destinations and threads. Two jobs of one manager would
 * write the same destinations at once, so {@link #start()} refuses while an earlier job of it is
 * still running.
 */
public final class PipeManager {
  private final List<PipeDescription> descriptions;
  private final WorkerLauncher launcher;
  private final int shards;
  private final long minShardBytes;
  private final int maxAttempts;
  private final ManagerMeters meters;
  private final StorageFactory storage;
  private final Object lock = new Object();

  @GuardedBy("lock")
  private @Nullable ManagerExecution last;

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

  /**
   * Checks the inputs, plans the shards and starts the workers and the job in the background, under
   * a new job id; returns the job's execution at once. The caller owns the execution: close it
   * (try-with-resources) or await it.
   *
   * @throws PipelineException when an input is missing or unreadable (nothing is written)
   * @throws IllegalStateException when an earlier job of this manager is still running
   */
  public ManagerExecution start() {
    synchronized (lock) {
      ManagerExecution previous = last;
      if (previous != null && !previous.isDone()) {
        throw new IllegalStateException(
            "job "
                + previous.jobId()
                + " of this manager is still running; await or close it before starting another");
      }
      ManagerExecution execution = ManagerExecution.start(this);
      last = execution;
      return execution;
    }
  }

  /** Starts a job, waits for it, and returns the merged report; prints nothing. */
  public PipeReport run() throws InterruptedException {
    return run(ProgressListener.NONE);
  }

  /**
   * Starts a job, calls {@code listener} with the merged report about twice a second, and returns
   * the final report. Interrupting the calling thread shuts the job down.
   */
  public PipeReport run(ProgressListener listener) throws InterruptedException {
    return start().await(listener);
  }

  /** The pipes each job runs, in the order given. */
  public List<PipeDescription> pipes() {
    return descriptions;
  }

  /** Where each job's workers come from. */
  public WorkerLauncher launcher() {
    return launcher;
  }

  /** What the manager probes, merges and cleans up through. */
  public StorageFactory storage() {
    return storage;
  }

  int shards() {
    return shards;
  }

  long minShardBytes() {
    return minShardBytes;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  ManagerMeters meters() {
    return meters;
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
