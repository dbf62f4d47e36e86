package io.zoopipe.common.executor;

/**
 * How a pipe's batches are scheduled: a small immutable value (batch size, threads, order) that
 * travels with a pipe's description to worker JVMs. The threads themselves belong to a run: each
 * run asks for its own {@link #scheduler}, whose threads are gone when the run ends. Thread-safe.
 */
public sealed interface PipeExecutor permits SingleThreadExecutor, MultiThreadExecutor {
  int DEFAULT_BATCH_SIZE = 1000;

  /** Records per batch. */
  int batchSize();

  /** Threads processing batches at once. */
  int concurrency();

  /** Whether output records keep input order. */
  boolean ordered();

  /**
   * A scheduler for one run, whose threads are named after {@code name} (a run's thread name, such
   * as {@code zoopipe-run-3}).
   */
  BatchScheduler scheduler(String name);

  /** Most batches in memory at once: this bounds memory whatever the input's size. */
  default int maxBatchesInFlight() {
    return 2 * concurrency();
  }

  static void checkBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
  }
}
