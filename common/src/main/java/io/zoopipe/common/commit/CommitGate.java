package io.zoopipe.common.commit;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;

/**
 * Where an interrupt and the commits of one process agree: a commit passes its commit point only
 * through {@link #enter()}, and {@link #close} (called by a shutdown hook) stops any commit that
 * has not passed it and waits for those that have. Either a commit is refused, and rolled back, or
 * the interrupt waits for it to publish everything. Thread-safe.
 */
public final class CommitGate {
  private static final CommitGate PROCESS = new CommitGate();

  /** What the commits of this process came to when the gate closed. */
  public enum Outcome {
    /** No commit passed its commit point: every destination is untouched. */
    UNTOUCHED,
    /** Every commit that passed its commit point has published all its outputs. */
    COMMITTED,
    /** A commit passed its commit point but did not finish within the wait; a later run ends it. */
    UNFINISHED
  }

  private final Object lock = new Object();

  @GuardedBy("lock")
  private boolean closed;

  @GuardedBy("lock")
  private int committing;

  @GuardedBy("lock")
  private int committed;

  /** The gate of this process, closed by the command line's interrupt handler. */
  public static CommitGate process() {
    return PROCESS;
  }

  /** Passes the commit point: false once the gate is closed (the commit must roll back). */
  boolean enter() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      committing++;
      return true;
    }
  }

  /** A commit that entered is over: {@code published} says whether all its outputs are. */
  void exit(boolean published) {
    synchronized (lock) {
      committing--;
      if (published) {
        committed++;
      }
      lock.notifyAll();
    }
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Closes the gate: commits that have not passed their commit point will roll back; waits up to
   * {@code wait} for those that have to finish publishing.
   */
  public Outcome close(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
      while (committing > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Outcome.UNFINISHED;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return committed > 0 ? Outcome.COMMITTED : Outcome.UNTOUCHED;
    }
  }
}
