package io.zoopipe.common.executor;

/**
 * Reads on one thread, decodes, validates and runs hooks on a bounded pool of {@code maxWorkers}
 * threads, and writes on one thread, so reading and writing overlap processing. At most {@code 2 ×
 * maxWorkers} batches are in flight, which bounds memory. Output keeps input order unless {@code
 * ordered} is false, which lets a fast batch overtake a slow one.
 */
public record MultiThreadExecutor(int maxWorkers, int batchSize, boolean ordered)
    implements PipeExecutor {
  public MultiThreadExecutor {
    if (maxWorkers < 1) {
      throw new IllegalArgumentException("maxWorkers must be >= 1, got " + maxWorkers);
    }
    PipeExecutor.checkBatchSize(batchSize);
  }

  /** Ordered output. */
  public MultiThreadExecutor(int maxWorkers, int batchSize) {
    this(maxWorkers, batchSize, true);
  }

  /** One thread per CPU, ordered output. */
  public MultiThreadExecutor(int batchSize) {
    this(Runtime.getRuntime().availableProcessors(), batchSize, true);
  }

  /** One thread per CPU, batches of {@value PipeExecutor#DEFAULT_BATCH_SIZE}, ordered output. */
  public MultiThreadExecutor() {
    this(DEFAULT_BATCH_SIZE);
  }

  @Override
  public int concurrency() {
    return maxWorkers;
  }

  /**
   * Reads on the run's thread, processes on {@code maxWorkers} threads named {@code
   * <name>-worker-<n>}, and writes on a thread named {@code <name>-writer}.
   */
  @Override
  public BatchScheduler scheduler(String name) {
    return new PoolScheduler(this, name);
  }

  /** The same executor with unordered output. */
  public MultiThreadExecutor unordered() {
    return new MultiThreadExecutor(maxWorkers, batchSize, false);
  }
}
