package io.zoopipe.worker.run;

import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.pipe.PipeExecution;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A shard attempt in progress: its pipe's reports, a way to cancel it, and the clean-up of its part
 * files when it did not complete. Thread-safe.
 */
public final class RunningShard {
  private final ShardTask task;
  private final PipeExecution execution;
  private final ShardRunner runner;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean cleaned = new AtomicBoolean();

  RunningShard(ShardTask task, PipeExecution execution, ShardRunner runner) {
    this.task = task;
    this.execution = execution;
    this.runner = runner;
  }

  public ShardTask task() {
    return task;
  }

  /** A snapshot of the attempt's pipe execution. */
  public PipeReport report() {
    return execution.report();
  }

  /** Waits up to {@code timeout}; returns whether the attempt has finished. */
  public boolean await(Duration timeout) throws InterruptedException {
    return execution.await(timeout);
  }

  /** Asks the attempt to stop; it ends ABORTED within about a batch. Returns without waiting. */
  public void cancel() {
    cancelled.set(true);
    execution.shutdown();
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /**
   * After the attempt finished: deletes its part files unless it completed and was not cancelled,
   * and returns the final report.
   */
  public PipeReport finish() {
    PipeReport report = execution.report();
    if (report.status() != PipeStatus.COMPLETED || cancelled.get()) {
      discard();
    }
    return report;
  }

  /** Deletes the part files (a discarded attempt). Idempotent; never throws. */
  public void discard() {
    if (cleaned.compareAndSet(false, true)) {
      runner.deletePart(task.outputPart());
      runner.deletePart(task.errorPart());
    }
  }
}
