package io.zoopipe.cli;

import org.jspecify.annotations.Nullable;

/**
 * The command line is wrong: a malformed option, an unknown class, a missing input. Reported as one
 * line naming the argument, with exit status 2, before anything is written.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
