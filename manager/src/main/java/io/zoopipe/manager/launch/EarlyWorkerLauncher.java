package io.zoopipe.manager.launch;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.zoopipe.rpc.Worker;
import io.zoopipe.rpc.WorkerLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * A launcher that begins starting its workers when it is created, in the background, so that the
 * worker JVMs start while this JVM still loads the job's classes, checks its input and plans the
 * shards: the first {@link #launch()} returns those workers (waiting for them if they are still
 * starting), every later one starts new workers through the launcher it wraps. Workers that were
 * started and never handed out are stopped by {@link #close()}, which the creator must call once
 * the job has ended or will not run. Thread-safe.
 */
public final class EarlyWorkerLauncher implements WorkerLauncher, AutoCloseable {
  private final WorkerLauncher launcher;
  private final Object lock = new Object();

  @GuardedBy("lock")
  private @Nullable CompletableFuture<List<Worker>> early;

  /** Begins {@code launcher.launch()} on a thread of its own. */
  public EarlyWorkerLauncher(WorkerLauncher launcher) {
    this.launcher = requireNonNull(launcher, "launcher is null");
    CompletableFuture<List<Worker>> starting = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                starting.complete(launcher.launch());
              } catch (IOException | RuntimeException e) {
                starting.completeExceptionally(e);
              }
            },
            "zoopipe-early-workers");
    thread.setDaemon(true);
    this.early = starting;
    thread.start();
  }

  /**
   * The workers begun at creation the first time (waiting for them to start), new ones after.
   *
   * @throws IOException when no worker could be started
   */
  @Override
  public List<Worker> launch() throws IOException {
    CompletableFuture<List<Worker>> starting;
    synchronized (lock) {
      starting = early;
      early = null;
    }
    if (starting == null) {
      return launcher.launch();
    }
    try {
      return starting.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      launcher.cancel();
      var unused = starting.thenAccept(EarlyWorkerLauncher::closeAll);
      throw new IOException("interrupted while starting workers", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException unchecked) {
        throw unchecked.getCause();
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }

  @Override
  public int size() {
    return launcher.size();
  }

  @Override
  public String describe() {
    return launcher.describe();
  }

  /** Whether the workers begun at creation are still to be handed out by {@link #launch()}. */
  public boolean holdsEarlyWorkers() {
    synchronized (lock) {
      return early != null;
    }
  }

  /**
   * Stops the workers begun at creation unless {@link #launch()} handed them out (those are the
   * job's to close): those still starting are cancelled quietly (the job will not run, so a worker
   * stopped before it listens is no news), those up are closed; returns without waiting for them.
   */
  @Override
  public void close() {
    CompletableFuture<List<Worker>> starting;
    synchronized (lock) {
      starting = early;
      early = null;
    }
    if (starting != null) {
      if (!starting.isDone()) {
        launcher.cancel();
      }
      var unused = starting.thenAccept(EarlyWorkerLauncher::closeAll);
    }
  }

  private static void closeAll(List<Worker> workers) {
    workers.forEach(Worker::close);
  }

  @Override
  public String toString() {
    return "EarlyWorkerLauncher[" + launcher.describe() + "]";
  }
}
