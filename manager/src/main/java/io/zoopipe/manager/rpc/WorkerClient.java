package io.zoopipe.manager.rpc;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.zoopipe.manager.launch.Worker;
import io.zoopipe.proto.v1.RunCounts;
import io.zoopipe.proto.v1.ShardEvent;
import io.zoopipe.proto.v1.ShardResult;
import io.zoopipe.proto.v1.WorkerServiceGrpc;
import io.zoopipe.worker.rpc.ProtoMapper;
import io.zoopipe.worker.run.ShardTask;
import java.util.Iterator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs shard attempts on one worker, one at a time: sends the task, hands each progress event to a
 * callback, and returns the result. {@link #cancel()} (from any thread) cancels the call in flight,
 * which makes the worker stop the attempt and delete its parts. Thread-safe.
 */
public final class WorkerClient {
  private final Worker worker;
  private final Object lock = new Object();

  @GuardedBy("lock")
  private Context.@Nullable CancellableContext current;

  @GuardedBy("lock")
  private boolean cancelled;

  public WorkerClient(Worker worker) {
    this.worker = requireNonNull(worker, "worker is null");
  }

  public Worker worker() {
    return worker;
  }

  /**
   * Runs {@code task} and blocks until it ends.
   *
   * @throws StatusRuntimeException when the attempt fails, the worker is lost, or it was cancelled
   */
  public ShardResult run(ShardTask task, Consumer<RunCounts> progress) {
    Context.CancellableContext context = Context.current().withCancellation();
    synchronized (lock) {
      if (cancelled) {
        throw io.grpc.Status.CANCELLED
            .withDescription("the job was cancelled")
            .asRuntimeException();
      }
      current = context;
    }
    try {
      return context.call(() -> stream(task, progress));
    } catch (StatusRuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw io.grpc.Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException();
    } finally {
      synchronized (lock) {
        current = null;
      }
      context.cancel(null);
    }
  }

  private ShardResult stream(ShardTask task, Consumer<RunCounts> progress) {
    Iterator<ShardEvent> events =
        WorkerServiceGrpc.newBlockingStub(worker.channel()).runShard(ProtoMapper.toProto(task));
    ShardResult result = null;
    while (events.hasNext()) {
      ShardEvent event = events.next();
      switch (event.getEventCase()) {
        case PROGRESS -> progress.accept(event.getProgress().getCounts());
        case RESULT -> result = event.getResult();
        case EVENT_NOT_SET -> {
          // An event from a newer worker that this manager does not know: skip it.
        }
      }
    }
    if (result == null) {
      throw io.grpc.Status.INTERNAL
          .withDescription(
              "worker " + worker.name() + " ended shard " + task.id() + " without a result")
          .asRuntimeException();
    }
    return result;
  }

  /** Cancels the call in flight, if any; later calls go ahead. */
  public void cancelCurrent() {
    Context.CancellableContext context;
    synchronized (lock) {
      context = current;
    }
    if (context != null) {
      context.cancel(null);
    }
  }

  /** Cancels the call in flight and refuses later ones. */
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
}
