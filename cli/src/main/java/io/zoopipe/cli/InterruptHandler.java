package io.zoopipe.cli;

import io.zoopipe.common.commit.CommitGate;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * What Ctrl-C (SIGINT, SIGTERM) does to a {@code zoopipe run}: a shutdown hook that closes the
 * process's {@link CommitGate}. A commit past its commit point is waited for (up to a minute), then
 * the run's cleanup, the line {@code interrupted after commit: outputs complete} is printed and the
 * exit status is 0; otherwise the run is stopped, its staged outputs are discarded (waiting up to
 * 30 seconds), the line {@code interrupted: outputs untouched} is printed and the exit status is
 * 130. One line, on standard error. Installed and removed by the running thread; the hook runs on
 * its own.
 */
final class InterruptHandler implements AutoCloseable {
  private static final Duration COMMIT_WAIT = Duration.ofMinutes(1);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  /** Waits up to a duration for the run to end. */
  interface Stopper {
    void stopAndAwait(Duration timeout) throws InterruptedException;
  }

  private final Thread hook;

  private InterruptHandler(Thread hook) {
    this.hook = hook;
  }

  static InterruptHandler install(PrintWriter err, Stopper stopper) {
    Thread hook = new Thread(() -> onInterrupt(err, stopper), "zoopipe-run-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return new InterruptHandler(hook);
  }

  /** Whether an interrupt is being handled: the JVM is about to exit, print nothing more. */
  static boolean interrupted() {
    return CommitGate.process().isClosed();
  }

  private static void onInterrupt(PrintWriter err, Stopper stopper) {
    try {
      CommitGate.Outcome outcome = CommitGate.process().close(COMMIT_WAIT);
      switch (outcome) {
        case COMMITTED -> {
          // The outputs are published; let the run finish its cleanup (a manager removes its
          // work directories after publishing) before the process ends.
          stopper.stopAndAwait(STOP_WAIT);
          err.println("zoopipe run: interrupted after commit: outputs complete");
          err.flush();
          Runtime.getRuntime().halt(0);
        }
        case UNFINISHED -> {
          err.println(
              "zoopipe run: interrupted during the commit: the next run to the same destination"
                  + " completes it");
          err.flush();
        }
        case UNTOUCHED -> {
          stopper.stopAndAwait(STOP_WAIT);
          err.println("zoopipe run: interrupted: outputs untouched");
          err.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Removes the hook once the run has ended on its own. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down (Ctrl-C): the hook is running.
    }
  }
}
