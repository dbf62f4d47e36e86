package io.zoopipe.common.report;

/** The life cycle of a run. */
public enum PipeStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  ABORTED;

  /** Whether the run is over (outputs flushed and closed). */
  public boolean isTerminal() {
    return switch (this) {
      case PENDING, RUNNING -> false;
      case COMPLETED, FAILED, ABORTED -> true;
    };
  }
}
