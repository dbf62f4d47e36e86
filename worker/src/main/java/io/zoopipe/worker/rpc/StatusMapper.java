package io.zoopipe.worker.rpc;

import io.grpc.Status;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.worker.run.OutsideStorageRootsException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * The worker side of the error contract: turns a failure into the gRPC status a client sees.
 * INVALID_CONFIGURATION becomes INVALID_ARGUMENT, a missing input NOT_FOUND, another bad input
 * FAILED_PRECONDITION, a storage failure UNAVAILABLE, a hook failure or too many row errors
 * ABORTED, a location outside the worker's storage roots PERMISSION_DENIED, anything else INTERNAL.
 * The description is the failure's one-line message. Stateless.
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
}
