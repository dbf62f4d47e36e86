package io.zoopipe.cli;

/**
 * The worker's command line is wrong: a malformed option, a missing file. Reported as one line
 * naming the option, with exit status 2, before the worker listens.
 */
public final class WorkerUsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public WorkerUsageException(String message) {
    super(message);
  }

  public WorkerUsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
