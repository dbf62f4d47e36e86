package io.zoopipe.manager.rpc;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.report.FaultCounts;
import io.zoopipe.manager.attempt.AttemptCounts;
import io.zoopipe.manager.attempt.AttemptFailedException;
import io.zoopipe.manager.attempt.AttemptResult;
import io.zoopipe.manager.attempt.FailureKind;
import io.zoopipe.manager.attempt.ShardWorker;
import io.zoopipe.proto.v1.RunCounts;
import io.zoopipe.proto.v1.ShardEvent;
import io.zoopipe.proto.v1.ShardResult;
import io.zoopipe.proto.v1.WorkerServiceGrpc;
import io.zoopipe.rpc.ProtoMapper;
import io.zoopipe.rpc.StatusMapper;
import io.zoopipe.rpc.Worker;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs shard attempts on one worker over gRPC, one at a time: sends the task, hands each progress
 * event to a callback, and returns the result. The edge between the wire and the coordinator: proto
 * messages become {@link AttemptResult} and {@link AttemptCounts}, a failed call's {@link Status}
 * becomes an {@link AttemptFailedException} (its kind and error kind by {@link StatusMapper});
 * nothing of the wire leaves this class. {@link #cancel()} (from any thread) cancels the call in
 * flight, which makes the worker stop the attempt and delete its parts. Thread-safe.
 */
public final class GrpcWorkerClient implements ShardWorker {
  private final Worker worker;
  private final Object lock = new Object();

  @GuardedBy("lock")
  private Context.@Nullable CancellableContext current;

  @GuardedBy("lock")
  private boolean cancelled;

  public GrpcWorkerClient(Worker worker) {
    this.worker = requireNonNull(worker, "worker is null");
  }

  @Override
  public String name() {
    return worker.name();
  }

  @Override
  public boolean isAlive() {
    return worker.isAlive();
  }

  @Override
  public boolean isSeparateProcess() {
    return worker.isSeparateProcess();
  }

  @Override
  public AttemptResult run(ShardTask task, Consumer<AttemptCounts> progress) {
    Context.CancellableContext context = Context.current().withCancellation();
    synchronized (lock) {
      if (cancelled) {
        throw failure(Status.CANCELLED.withDescription("the job was cancelled"));
      }
      current = context;
    }
    try {
      return context.call(() -> stream(task, progress));
    } catch (StatusRuntimeException e) {
      throw failure(e.getStatus());
    } catch (Exception e) {
      throw failure(Status.INTERNAL.withDescription(e.toString()).withCause(e));
    } finally {
      synchronized (lock) {
        current = null;
      }
      context.cancel(null);
    }
  }

  private AttemptResult stream(ShardTask task, Consumer<AttemptCounts> progress) {
    Iterator<ShardEvent> events =
        WorkerServiceGrpc.newBlockingStub(worker.channel()).runShard(ProtoMapper.toProto(task));
    ShardResult result = null;
    while (events.hasNext()) {
      ShardEvent event = events.next();
      switch (event.getEventCase()) {
        case PROGRESS -> progress.accept(counts(event.getProgress().getCounts()));
        case RESULT -> result = event.getResult();
        case EVENT_NOT_SET -> {
          // An event from a newer worker that this manager does not know: skip it.
        }
      }
    }
    if (result == null) {
      throw Status.INTERNAL
          .withDescription(
              "worker " + worker.name() + " ended shard " + task.id() + " without a result")
          .asRuntimeException();
    }
    return result(result);
  }

  @Override
  public void cancelCurrent() {
    Context.CancellableContext context;
    synchronized (lock) {
      context = current;
    }
    if (context != null) {
      context.cancel(null);
    }
  }

  @Override
  public void cancel() {
    Context.CancellableContext context;
    synchronized (lock) {
      cancelled = true;
      context = current;
    }
    if (context != null) {
      context.cancel(null);
    }
  }

  static AttemptCounts counts(RunCounts counts) {
    return new AttemptCounts(
        counts.getTotalProcessed(),
        counts.getSuccessCount(),
        counts.getErrorCount(),
        counts.getDroppedCount(),
        counts.getBytesRead(),
        counts.getExpectedBytes(),
        Duration.ofMillis(counts.getDurationMillis()),
        counts.getRamBytes(),
        counts.getPeakRamBytes(),
        new FaultCounts(
            counts.getRetryCount(),
            counts.getSkippedCount(),
            Duration.ofMillis(counts.getBackoffMillis())));
  }

  static AttemptResult result(ShardResult result) {
    return new AttemptResult(
        counts(result.getCounts()),
        result.getStartOffset(),
        result.getEndOffset(),
        location(result.getOutputPart()),
        location(result.getErrorPart()),
        result.getOutputColumnsList(),
        result.getErrorOutputColumnsList(),
        result.getWorker());
  }

  private static @Nullable Location location(String text) {
    return text.isBlank() ? null : Location.parse(text);
  }

  /**
   * The failure a status describes: retryable as {@link StatusMapper#isRetryable} says, with the
   * status's description (or its code) as the reason and {@link StatusMapper#toException} as the
   * failure.
   */
  static AttemptFailedException failure(Status status) {
    String description = status.getDescription();
    String reason = description == null ? status.getCode().toString() : description;
    String detail =
        description == null ? status.getCode().toString() : status.getCode() + ": " + description;
    FailureKind kind =
        StatusMapper.isRetryable(status.getCode()) ? FailureKind.TRANSIENT : FailureKind.PIPE;
    return new AttemptFailedException(kind, reason, detail, StatusMapper.toException(status));
  }
}
