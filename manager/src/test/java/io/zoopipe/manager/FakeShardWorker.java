package io.zoopipe.manager;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipeExecution;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.manager.attempt.AttemptCounts;
import io.zoopipe.manager.attempt.AttemptFailedException;
import io.zoopipe.manager.attempt.AttemptResult;
import io.zoopipe.manager.attempt.FailureKind;
import io.zoopipe.manager.attempt.ShardWorker;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link ShardWorker}: no gRPC, no JVM. By default it runs each task for real in this
 * JVM with a {@link Pipe}, as a worker would (the input restricted to the task's range, the outputs
 * written as parts: real part files, real offsets); a test scripts faults per task with a {@link
 * Behaviour}. Records the tasks it was given. Thread-safe.
 */
final class FakeShardWorker implements ShardWorker {
  private static final PluginClasses CLASSES = new PluginClasses(List.of());

  /** What the worker does with one task. */
  @FunctionalInterface
  interface Behaviour {
    AttemptResult run(ShardTask task, FakeShardWorker worker) throws InterruptedException;
  }

  /** Runs every task for real. */
  static final Behaviour REAL = (task, worker) -> worker.runForReal(task);

  private final String name;
  private final Behaviour behaviour;
  private final List<ShardTask> tasks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean alive = new AtomicBoolean(true);
  private final Object lock = new Object();

  // @GuardedBy("lock")
  private boolean cancelled;

  // @GuardedBy("lock")
  private boolean cancelCurrent;

  private volatile Consumer<AttemptCounts> progress = counts -> {};

  FakeShardWorker(String name, Behaviour behaviour) {
    this.name = name;
    this.behaviour = behaviour;
  }

  FakeShardWorker(String name) {
    this(name, REAL);
  }

  /** The tasks given to this worker, in order. */
  List<ShardTask> tasks() {
    return List.copyOf(tasks);
  }

  /** Makes {@link #isAlive()} answer false from now on, as a dead process would. */
  void die() {
    alive.set(false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isAlive() {
    return alive.get();
  }

  @Override
  public boolean isSeparateProcess() {
    return false;
  }

  @Override
  public AttemptResult run(ShardTask task, Consumer<AttemptCounts> progress) {
    synchronized (lock) {
      if (cancelled) {
        throw failure(FailureKind.TRANSIENT, "the job was cancelled");
      }
      cancelCurrent = false;
    }
    tasks.add(task);
    this.progress = progress;
    try {
      return behaviour.run(task, this);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(FailureKind.TRANSIENT, "worker is shutting down");
    }
  }

  @Override
  public void cancelCurrent() {
    synchronized (lock) {
      cancelCurrent = true;
      lock.notifyAll();
    }
  }

  @Override
  public void cancel() {
    synchronized (lock) {
      cancelled = true;
      cancelCurrent = true;
      lock.notifyAll();
    }
  }

  private boolean cancelRequested() {
    synchronized (lock) {
      return cancelCurrent;
    }
  }

  /** Runs {@code task} in this JVM, reporting progress, as a worker's service does. */
  AttemptResult runForReal(ShardTask task) throws InterruptedException {
    Pipe pipe;
    try {
      pipe = pipe(task);
    } catch (PipelineException e) {
      throw new AttemptFailedException(FailureKind.PIPE, e.getMessage(), e.getMessage(), e);
    }
    boolean cancelled = false;
    PipeReport report;
    try (PipeExecution execution = pipe.start()) {
      while (!execution.await(Duration.ofMillis(20))) {
        if (cancelRequested()) {
          cancelled = true;
          execution.shutdown();
        } else {
          progress.accept(counts(execution.report()));
        }
      }
      report = execution.report();
    }
    if (cancelled || report.status() != PipeStatus.COMPLETED) {
      deleteQuietly(task.outputPart());
      deleteQuietly(task.errorPart());
    }
    if (cancelled || report.status() == PipeStatus.ABORTED) {
      throw failure(FailureKind.TRANSIENT, "attempt " + task.id() + " was cancelled");
    }
    if (report.status() != PipeStatus.COMPLETED) {
      String message = String.valueOf(report.exception());
      throw new AttemptFailedException(
          FailureKind.PIPE, message, message, new PipelineException(ErrorKind.HOOK, message));
    }
    return result(task, report);
  }

  private static Pipe pipe(ShardTask task) {
    PipeDescription description = task.pipe();
    InputAdapter input = description.input().toInput();
    if (!task.wholeInput()) {
      input = input.withRange(task.range(), task.exactStart());
    }
    OutputAdapter output = description.output().withLocation(task.outputPart()).toOutput().asPart();
    DataDescription errors = description.errors();
    Location errorPart = task.errorPart();
    OutputAdapter errorOutput =
        errors == null || errorPart == null
            ? null
            : errors.withLocation(errorPart).toOutput().asPart();
    return description.toPipeBuilder(CLASSES, input, output, errorOutput).build();
  }

  private static void deleteQuietly(@Nullable Location part) {
    if (part != null) {
      try {
        Files.deleteIfExists(part.toPath());
      } catch (IOException e) {
        // The job's clean-up removes its work directory.
      }
    }
  }

  /** Blocks until the attempt is cancelled, as a hung worker would, then fails it. */
  AttemptResult hang(ShardTask task) throws InterruptedException {
    synchronized (lock) {
      while (!cancelCurrent) {
        lock.wait(100);
      }
    }
    throw failure(FailureKind.TRANSIENT, "attempt " + task.id() + " was cancelled");
  }

  static AttemptResult result(ShardTask task, PipeReport report) {
    return new AttemptResult(
        counts(report),
        report.startOffset(),
        report.endOffset(),
        task.outputPart(),
        task.errorPart(),
        report.outputColumns(),
        report.errorOutputColumns(),
        "");
  }

  static AttemptCounts counts(PipeReport report) {
    return new AttemptCounts(
        report.totalProcessed(),
        report.successCount(),
        report.errorCount(),
        report.droppedCount(),
        report.bytesRead(),
        report.expectedBytes(),
        report.duration(),
        report.ramBytes(),
        report.peakRamBytes());
  }

  static AttemptFailedException failure(FailureKind kind, String reason) {
    return new AttemptFailedException(
        kind, reason, kind + ": " + reason, new PipelineException(ErrorKind.STORAGE, reason));
  }
}
