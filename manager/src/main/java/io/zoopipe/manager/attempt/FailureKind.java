package io.zoopipe.manager.attempt;

/** Why a shard attempt failed, as far as deciding what to do next is concerned. */
public enum FailureKind {
  /**
   * The call broke: the worker was unreachable, its stream ended early, storage failed for a while,
   * or the call was cancelled. Another attempt may succeed.
   */
  TRANSIENT,
  /**
   * The worker is gone (its process exited, or it stopped answering). Another worker may succeed.
   */
  WORKER_LOST,
  /**
   * The pipe itself failed: a bad option, a missing input, a hook that threw. Every attempt would
   * fail the same way.
   */
  PIPE;

  /** Whether another attempt of the shard is worth making. */
  public boolean retryable() {
    return switch (this) {
      case TRANSIENT, WORKER_LOST -> true;
      case PIPE -> false;
    };
  }
}
