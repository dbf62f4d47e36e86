package io.zoopipe.manager.attempt;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;

/**
 * A shard attempt that did not finish: its {@link FailureKind}, a short {@link #reason()} for the
 * job's failure message, and the failure as the pipe reports it ({@link #failure()}, the cause,
 * with its {@link ErrorKind}). The message is the longer form for logs. Immutable.
 */
public final class AttemptFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;
  private final String reason;

  /**
   * @param reason what went wrong, briefly: {@code hook HashEmails failed: boom}
   * @param detail the message, for logs: {@code ABORTED: hook HashEmails failed: boom}
   * @param failure the failure with its kind, as the job reports it when it gives up
   */
  public AttemptFailedException(
      FailureKind kind, String reason, String detail, PipelineException failure) {
    super(requireNonNull(detail, "detail is null"), requireNonNull(failure, "failure is null"));
    this.kind = requireNonNull(kind, "kind is null");
    this.reason = requireNonNull(reason, "reason is null");
  }

  /**
   * The failure of an attempt whose worker turned out to be gone: retryable on another worker,
   * reported as a STORAGE failure (the worker could not be reached) naming the worker.
   */
  public static AttemptFailedException workerLost(String worker, AttemptFailedException failure) {
    String reason = "worker " + worker + " was lost (" + failure.getMessage() + ")";
    return new AttemptFailedException(
        FailureKind.WORKER_LOST, reason, reason, new PipelineException(ErrorKind.STORAGE, reason));
  }

  public FailureKind kind() {
    return kind;
  }

  public String reason() {
    return reason;
  }

  /** The failure as the job reports it; also the cause. */
  public PipelineException failure() {
    return (PipelineException) requireNonNull(getCause());
  }
}
