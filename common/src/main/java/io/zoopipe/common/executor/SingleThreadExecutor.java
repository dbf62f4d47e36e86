package io.zoopipe.common.executor;

/**
 * Reads, processes and writes batches one after another on the thread that runs the pipe. Output
 * order is input order. The right choice for I/O-bound or simple pipes and for debugging.
 */
public record SingleThreadExecutor(int batchSize) implements PipeExecutor {
  public SingleThreadExecutor {
    PipeExecutor.checkBatchSize(batchSize);
  }

  /** Batches of {@value PipeExecutor#DEFAULT_BATCH_SIZE} records. */
  public SingleThreadExecutor() {
    this(DEFAULT_BATCH_SIZE);
  }

  @Override
  public int concurrency() {
    return 1;
  }

  @Override
  public boolean ordered() {
    return true;
  }

  /** Reads, processes and writes on the run's own thread: it starts none. */
  @Override
  public BatchScheduler scheduler(String name) {
    return new SerialScheduler();
  }

  @Override
  public int maxBatchesInFlight() {
    return 1;
  }
}
