package io.zoopipe.common.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A test hook: with the system property {@code zoopipe.test.commitPause} naming a step of {@link
 * OutputCommit} ({@code staged}; {@code writing-1}, {@code writing-2}, ...: while the record's
 * copies are written, the primary last, each as a {@code .writing} file not yet renamed; {@code
 * committed}, {@code published-1}, {@code published-2}, ...), a commit reaching that step writes
 * the step's name to the file named by {@code zoopipe.test.commitMarker} and waits there until the
 * gate closes (an interrupt arrived) or a minute passes, so that a test can signal the process at
 * exactly that step. Without the property it does nothing. Thread-safe.
 */
final class CommitPause {
  static final String STEP_PROPERTY = "zoopipe.test.commitPause";
  static final String MARKER_PROPERTY = "zoopipe.test.commitMarker";
  private static final Duration LONGEST = Duration.ofMinutes(1);

  private final @Nullable String step;
  private final @Nullable String marker;

  CommitPause(@Nullable String step, @Nullable String marker) {
    this.step = step;
    this.marker = marker;
  }

  static CommitPause fromSystemProperties() {
    return new CommitPause(System.getProperty(STEP_PROPERTY), System.getProperty(MARKER_PROPERTY));
  }

  /** Pauses at {@code reached} if it is the configured step. */
  void at(String reached, CommitGate gate) {
    if (!reached.equals(step)) {
      return;
    }
    if (marker != null) {
      try {
        Files.writeString(Path.of(marker), reached, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    long deadline = System.nanoTime() + LONGEST.toNanos();
    while (!gate.isClosed() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
