package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A run-level failure of a pipe, with the {@link ErrorKind} that tells a caller (or the gRPC
 * mapper) what went wrong. Row-level problems are never exceptions: they become error records.
 */
public final class PipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  public PipelineException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  public PipelineException(ErrorKind kind, String message, @Nullable Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public ErrorKind kind() {
    return kind;
  }

  public static PipelineException invalidConfiguration(String message) {
    return new PipelineException(ErrorKind.INVALID_CONFIGURATION, message);
  }

  public static PipelineException invalidInput(String message) {
    return new PipelineException(ErrorKind.INVALID_INPUT, message);
  }
}
