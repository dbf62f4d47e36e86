package io.zoopipe.common.pipe;

import io.zoopipe.common.report.PipeReport;
import java.time.Duration;

/**
 * One run of a {@link Pipe}, started by {@link Pipe#start()}: the handle to wait for it, watch it
 * and stop it, as a {@code JobExecution} is to a {@code Job}. The execution owns what the run
 * opened (the reader, the writers, the executor's threads) and releases all of it when the run
 * ends, also when it fails or is shut down.
 *
 * <pre>{@code
 * try (PipeExecution execution = pipe.start()) { // close() stops a run still going
 *   PipeReport report = execution.await();
 * }
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread, and several threads may wait at once.
 * Executions of one pipe are independent: each has its own reader, writers, threads and counters.
 */
public final class PipeExecution implements AutoCloseable {
  private static final Duration WAIT_SLICE = Duration.ofSeconds(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(1);

  private final Pipe pipe;
  private final PipeRun run;

  private PipeExecution(Pipe pipe, PipeRun run) {
    this.pipe = pipe;
    this.run = run;
  }

  /** Starts a run of {@code pipe} in the background. */
  static PipeExecution start(Pipe pipe) {
    PipeRun run = new PipeRun(pipe);
    run.start();
    return new PipeExecution(pipe, run);
  }

  /** The definition this execution runs. */
  public Pipe pipe() {
    return pipe;
  }

  /**
   * Waits for the run to end and returns its final report (COMPLETED, ABORTED or FAILED; a failure
   * is the report's exception, not thrown).
   *
   * @throws InterruptedException if the waiting thread is interrupted; the run goes on
   */
  public PipeReport await() throws InterruptedException {
    while (!run.await(WAIT_SLICE)) {
      // Waiting in slices keeps the thread responsive to interruption on every JVM.
    }
    return run.report();
  }

  /** Waits up to {@code timeout}; returns whether the run has ended. */
  public boolean await(Duration timeout) throws InterruptedException {
    return run.await(timeout);
  }

  /**
   * Stops the run: reading stops within a batch, the batches already read are written, outputs are
   * finished (valid files with what was processed), and the status becomes ABORTED. Returns without
   * waiting; use {@link #await} to wait. Does nothing once the run has ended.
   */
  public void shutdown() {
    run.requestStop();
  }

  /** A snapshot of the run: RUNNING while it goes, then its final report. */
  public PipeReport report() {
    return run.report();
  }

  /** Whether the run has ended (outputs finished or aborted, resources released). */
  public boolean isDone() {
    return run.isDone();
  }

  /**
   * Shuts a run that is still going down and waits for it, up to a minute; does nothing once it has
   * ended. Like leaving Python's {@code with pipe:} block. An interrupt while waiting is restored.
   */
  @Override
  public void close() {
    if (run.isDone()) {
      return;
    }
    run.requestStop();
    try {
      run.await(CLOSE_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "PipeExecution[" + run.name() + ", " + run.report().status() + "]";
  }
}
