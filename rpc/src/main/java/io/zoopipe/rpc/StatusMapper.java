package io.zoopipe.rpc;

import io.grpc.Status;
import io.zoopipe.common.io.OutsideStorageRootsException;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Both sides of the error contract. The worker side, {@link #toStatus}, turns a failure into the
 * gRPC status a client sees: INVALID_CONFIGURATION becomes INVALID_ARGUMENT, a missing input
 * NOT_FOUND, another bad input FAILED_PRECONDITION, a storage failure UNAVAILABLE, a hook failure
 * or too many row errors ABORTED, a location outside the worker's storage roots PERMISSION_DENIED,
 * anything else INTERNAL (a missing or wrong secret is UNAUTHENTICATED, from {@link Secrets}). The
 * description is the failure's one-line message. The manager side, {@link #kind}, {@link
 * #isRetryable} and {@link #toException}, turns a status from a worker into a {@link
 * PipelineException} with the matching {@link ErrorKind} and tells whether another attempt could
 * succeed. Stateless.
 */
public final class StatusMapper {
  private StatusMapper() {}

  public static Status.Code code(ErrorKind kind) {
    return switch (kind) {
      case INVALID_CONFIGURATION -> Status.Code.INVALID_ARGUMENT;
      case INVALID_INPUT -> Status.Code.FAILED_PRECONDITION;
      case TOO_MANY_ROW_ERRORS, HOOK -> Status.Code.ABORTED;
      case STORAGE -> Status.Code.UNAVAILABLE;
      case INTERNAL -> Status.Code.INTERNAL;
    };
  }

  public static Status toStatus(Throwable failure) {
    Status.Code code;
    if (failure instanceof PipelineException pipeline) {
      code =
          pipeline.getCause() instanceof NoSuchFileException
              ? Status.Code.NOT_FOUND
              : code(pipeline.kind());
    } else if (failure instanceof OutsideStorageRootsException) {
      code = Status.Code.PERMISSION_DENIED;
    } else if (failure instanceof NoSuchFileException) {
      code = Status.Code.NOT_FOUND;
    } else if (failure instanceof AccessDeniedException) {
      code = Status.Code.FAILED_PRECONDITION;
    } else if (failure instanceof IOException) {
      code = Status.Code.UNAVAILABLE;
    } else if (failure instanceof IllegalArgumentException) {
      code = Status.Code.INVALID_ARGUMENT;
    } else {
      code = Status.Code.INTERNAL;
    }
    return Status.fromCode(code).withDescription(describe(failure)).withCause(failure);
  }

  /** One line: the message, or the exception's simple name when it has none. */
  static String describe(Throwable failure) {
    String message = failure.getMessage();
    if (failure instanceof NoSuchFileException missing) {
      message = "no such file: " + missing.getFile();
    }
    if (message == null || message.isBlank()) {
      message = failure.getClass().getSimpleName();
    } else if (!(failure instanceof PipelineException)
        && !(failure instanceof IOException)
        && !(failure instanceof OutsideStorageRootsException)) {
      message = failure.getClass().getSimpleName() + ": " + message;
    }
    return message.replace('\n', ' ');
  }

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

  /**
   * The failure a status describes, as the manager reports it. UNAUTHENTICATED (the secret was
   * missing or wrong) says so first: "the worker refused the secret: ...".
   */
  public static PipelineException toException(Status status) {
    String description = status.getDescription();
    String message =
        description == null || description.isBlank()
            ? status.getCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            : description;
    if (status.getCode() == Status.Code.UNAUTHENTICATED) {
      message =
          "the worker refused the secret (give the manager the worker's $"
              + Secrets.ENVIRONMENT_VARIABLE
              + "): "
              + message;
    }
    return new PipelineException(kind(status.getCode()), message, status.getCause());
  }
}
