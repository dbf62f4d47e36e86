package io.zoopipe.manager.rpc;

import io.grpc.Status;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;

/**
 * The manager side of the error contract: turns a status from a worker into a {@link
 * PipelineException} with the matching {@link ErrorKind}, and tells whether another attempt could
 * succeed (the worker was lost or storage failed) or not (the request or the data is wrong).
 * Stateless.
 */
public final class StatusMapper {
  private StatusMapper() {}

  public static ErrorKind kind(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, PERMISSION_DENIED, UNAUTHENTICATED, UNIMPLEMENTED ->
          ErrorKind.INVALID_CONFIGURATION;
      case NOT_FOUND, FAILED_PRECONDITION, OUT_OF_RANGE, ALREADY_EXISTS -> ErrorKind.INVALID_INPUT;
      case ABORTED -> ErrorKind.HOOK;
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> ErrorKind.STORAGE;
      case OK, CANCELLED, UNKNOWN, INTERNAL, DATA_LOSS -> ErrorKind.INTERNAL;
    };
  }

  /**
   * Whether a failed attempt is worth retrying: the worker died or was unreachable, or a transient
   * failure; not when the pipe itself failed (a bad option, a missing input, a hook that threw).
   */
  public static boolean isRetryable(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE,
          DEADLINE_EXCEEDED,
          RESOURCE_EXHAUSTED,
          UNKNOWN,
          INTERNAL,
          DATA_LOSS,
          CANCELLED ->
          true;
      case OK,
          INVALID_ARGUMENT,
          PERMISSION_DENIED,
          UNAUTHENTICATED,
          UNIMPLEMENTED,
          NOT_FOUND,
          FAILED_PRECONDITION,
          OUT_OF_RANGE,
          ALREADY_EXISTS,
          ABORTED ->
          false;
    };
  }

  /** The failure a status describes, as the manager reports it. */
  public static PipelineException toException(Status status) {
    String description = status.getDescription();
    String message =
        description == null || description.isBlank()
            ? status.getCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            : description;
    return new PipelineException(kind(status.getCode()), message, status.getCause());
  }
}
