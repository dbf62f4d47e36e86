package io.zoopipe.manager.attempt;

import io.zoopipe.common.job.ShardTask;
import java.util.function.Consumer;

/**
 * A worker that runs shard attempts, one at a time: the only thing the dispatcher and the job need
 * to know about a worker. Implementations map their transport to these domain types; the gRPC one
 * is the only place that sees proto messages or statuses. Invariant: {@link #run} returns a result
 * only for an attempt that finished and whose parts are complete; any other end is an {@link
 * AttemptFailedException}. Implementations are thread-safe: {@link #cancelCurrent()} and {@link
 * #cancel()} are called from other threads while {@link #run} blocks.
 */
public interface ShardWorker {
  /** A name for reports and logs. */
  String name();

  /** Whether the worker can still take work; may block briefly (a health check). */
  boolean isAlive();

  /** Whether its memory is its own (reports add it to the manager's). */
  boolean isSeparateProcess();

  /**
   * Runs {@code task} and blocks until it ends, handing the attempt's counts to {@code progress}
   * every now and then (on the calling thread).
   *
   * @throws AttemptFailedException when the attempt fails, the worker is lost, or it was cancelled
   */
  AttemptResult run(ShardTask task, Consumer<AttemptCounts> progress);

  /** Cancels the attempt in flight, if any (its worker deletes its parts); later runs go ahead. */
  void cancelCurrent();

  /** Cancels the attempt in flight and refuses later runs. */
  void cancel();
}
