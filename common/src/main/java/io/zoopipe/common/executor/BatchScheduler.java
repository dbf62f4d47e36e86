package io.zoopipe.common.executor;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Moves the batches of one run from a source, through a processing step, to a sink, on the threads
 * its {@link PipeExecutor} describes. It knows nothing of what a batch holds: the pipe supplies the
 * three steps. Created by {@link PipeExecutor#scheduler} for one run; the threads it starts are
 * named after that run and are gone when {@link #run} returns.
 *
 * <p>The contract every scheduler keeps: the source is called on the thread that calls {@link
 * #run}, and only there; the sink is called on one thread at a time, in batch order when the
 * executor is ordered; at most {@link PipeExecutor#maxBatchesInFlight()} batches are between source
 * and sink at once; a stop request ends reading within a batch, and the batches already read are
 * still written. The first failure of any step stops reading, is not followed by further writes,
 * and is thrown by {@link #run}.
 */
public interface BatchScheduler {

  /**
   * Runs the batches until the source is exhausted, {@code stopRequested} answers true, or a step
   * fails. Blocks the calling thread, which reads.
   *
   * @throws Exception the first failure of the source, the work or the sink (an {@link
   *     InterruptedException} when the calling thread is interrupted)
   */
  <B, R> void run(
      BatchSource<B> source, BatchWork<B, R> work, BatchSink<R> sink, BooleanSupplier stopRequested)
      throws Exception;

  /** Where batches come from: called on the reading thread only. */
  @FunctionalInterface
  interface BatchSource<B> {
    /** The next batch, or null when there are no more. */
    @Nullable B next() throws IOException;
  }

  /**
   * What a batch goes through between reading and writing. May be called from several threads at
   * once, one batch per call, so it must be thread-safe.
   */
  @FunctionalInterface
  interface BatchWork<B, R> {
    /**
     * @param index 0-based position of the batch in reading order
     */
    R process(long index, B batch) throws Exception;
  }

  /** Where processed batches go: called on one thread at a time. */
  @FunctionalInterface
  interface BatchSink<R> {
    void write(R result) throws IOException;
  }
}
