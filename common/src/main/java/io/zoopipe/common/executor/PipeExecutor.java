package io.zoopipe.common.executor;

/**
 * How a pipe's batches are processed: a small immutable description. The threads themselves are
 * created when a run starts and belong to that run.
 */
public sealed interface PipeExecutor permits SingleThreadExecutor, MultiThreadExecutor {
  int DEFAULT_BATCH_SIZE = 1000;

  /** Records per batch. */
  int batchSize();

  /** Threads processing batches at once. */
  int concurrency();

  /** Whether output records keep input order. */
  boolean ordered();

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
