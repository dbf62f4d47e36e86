package io.zoopipe.common.report;

/**
 * Receives snapshots of a running pipe, about once a second, on a thread of its own. A listener
 * must be quick; it must not block the run.
 */
@FunctionalInterface
public interface ProgressListener {
  void onProgress(PipeReport snapshot);

  /** Called once with the final report after the run has finished. */
  default void onFinished(PipeReport report) {}

  ProgressListener NONE = snapshot -> {};
}
