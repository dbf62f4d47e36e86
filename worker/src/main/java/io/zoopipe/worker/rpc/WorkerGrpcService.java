package io.zoopipe.worker.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.common.io.OutsideStorageRootsException;
import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.proto.v1.CancelShardRequest;
import io.zoopipe.proto.v1.CancelShardResponse;
import io.zoopipe.proto.v1.RunShardRequest;
import io.zoopipe.proto.v1.ShardEvent;
import io.zoopipe.proto.v1.ShardProgress;
import io.zoopipe.proto.v1.ShardResult;
import io.zoopipe.proto.v1.WorkerServiceGrpc;
import io.zoopipe.rpc.ProtoMapper;
import io.zoopipe.rpc.StatusMapper;
import io.zoopipe.worker.run.RunningShard;
import io.zoopipe.worker.run.ShardRunner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker service: maps requests to {@link ShardTask}s, starts them with a {@link ShardRunner},
 * and gives each attempt one publisher thread that streams progress and then exactly one result or
 * error. A cancelled call (or a broken connection) stops its attempt and deletes its parts. A bad
 * request fails that call only. Thread-safe.
 */
public final class WorkerGrpcService extends WorkerServiceGrpc.WorkerServiceImplBase {
  private static final Logger logger = LoggerFactory.getLogger(WorkerGrpcService.class);

  private final ShardRunner runner;
  private final Duration progressInterval;
  private final String workerName;
  private final Map<AttemptKey, RunningShard> running = new ConcurrentHashMap<>();
  private final ExecutorService publishers;
  private final @Nullable ShardMeters meters;
  private volatile boolean closing;

  /**
   * @param runner starts attempts; when it has a meter registry, this service also counts attempts
   *     by outcome and attempts running there ({@link ShardMeters})
   * @param workerName how this worker names itself in results (its address)
   * @param progressInterval how often a running attempt reports progress
   */
  public WorkerGrpcService(ShardRunner runner, String workerName, Duration progressInterval) {
    this.runner = requireNonNull(runner, "runner is null");
    this.workerName = requireNonNull(workerName, "workerName is null");
    this.progressInterval = requireNonNull(progressInterval, "progressInterval is null");
    AtomicInteger count = new AtomicInteger();
    this.publishers =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread =
                  new Thread(task, "zoopipe-shard-publisher-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    MeterRegistry registry = runner.meterRegistry();
    this.meters = registry == null ? null : new ShardMeters(registry, running);
  }

  @Override
  public void runShard(RunShardRequest request, StreamObserver<ShardEvent> responses) {
    ServerCallStreamObserver<ShardEvent> observer =
        (ServerCallStreamObserver<ShardEvent>) responses;
    if (closing) {
      observer.onError(
          Status.UNAVAILABLE.withDescription("worker is shutting down").asRuntimeException());
      return;
    }
    ShardTask task;
    try {
      task = ProtoMapper.fromProto(request);
    } catch (IllegalArgumentException e) {
      observer.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    if (running.containsKey(task.id())) {
      observer.onError(
          Status.FAILED_PRECONDITION
              .withDescription("attempt " + task.id() + " is already running on this worker")
              .asRuntimeException());
      return;
    }
    RunningShard shard;
    try {
      shard = runner.start(task);
    } catch (OutsideStorageRootsException e) {
      logger.warn("Shard {} refused: {}", task.id(), e.getMessage());
      ended(task, Outcome.FAILED);
      observer.onError(StatusMapper.toStatus(e).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      logger.info("Shard {} refused: {}", task.id(), e.getMessage());
      ended(task, Outcome.FAILED);
      observer.onError(StatusMapper.toStatus(e).asRuntimeException());
      return;
    }
    running.put(task.id(), shard);
    logger.info("Shard {} started on range {}", task.id(), task.range());
    observer.setOnCancelHandler(shard::cancel);
    publishers.execute(() -> publish(shard, observer));
  }

  @Override
  public void cancelShard(
      CancelShardRequest request, StreamObserver<CancelShardResponse> responses) {
    RunningShard shard =
        request.hasId() ? running.get(ProtoMapper.fromProto(request.getId())) : null;
    if (shard != null) {
      shard.cancel();
    }
    responses.onNext(CancelShardResponse.newBuilder().setCancelled(shard != null).build());
    responses.onCompleted();
  }

  /** Attempts running now. */
  public int runningCount() {
    return running.size();
  }

  /**
   * Refuses new attempts, cancels the running ones and waits up to {@code timeout} for them to stop
   * and delete their parts.
   */
  public void cancelAll(Duration timeout) {
    closing = true;
    running.values().forEach(RunningShard::cancel);
    publishers.shutdown();
    try {
      if (!publishers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        logger.warn("{} shard attempts still stopping after {}", running.size(), timeout);
        running.values().forEach(RunningShard::discard);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.values().forEach(RunningShard::discard);
    }
  }

  private void publish(RunningShard shard, ServerCallStreamObserver<ShardEvent> observer) {
    ShardTask task = shard.task();
    // Each attempt is counted once, before the manager hears how it ended, so that a scrape after
    // the call's end always includes it.
    Outcome outcome = Outcome.FAILED;
    boolean counted = false;
    try {
      while (!shard.await(progressInterval)) {
        if (observer.isCancelled()) {
          shard.cancel();
        } else if (!shard.isCancelled()) {
          observer.onNext(
              ShardEvent.newBuilder()
                  .setProgress(
                      ShardProgress.newBuilder().setCounts(ProtoMapper.counts(shard.report())))
                  .build());
        }
      }
      PipeReport report = shard.finish();
      if (observer.isCancelled()) {
        outcome = Outcome.CANCELLED;
        logger.info("Shard {} stopped: the call was cancelled", task.id());
      } else if (shard.isCancelled() || report.status() == PipeStatus.ABORTED) {
        outcome = Outcome.CANCELLED;
        logger.info("Shard {} cancelled", task.id());
        counted = ended(task, outcome);
        observer.onError(
            Status.CANCELLED
                .withDescription("attempt " + task.id() + " was cancelled")
                .asRuntimeException());
      } else if (report.status() == PipeStatus.COMPLETED) {
        logger.info(
            "Shard {} done: {} records, {} errors, offsets [{}, {})",
            task.id(),
            report.totalProcessed(),
            report.errorCount(),
            report.startOffset(),
            report.endOffset());
        outcome = Outcome.COMPLETED;
        counted = ended(task, outcome);
        observer.onNext(ShardEvent.newBuilder().setResult(result(task, report)).build());
        observer.onCompleted();
      } else {
        Throwable failure = report.exception();
        Status status =
            failure == null
                ? Status.INTERNAL.withDescription(
                    "attempt " + task.id() + " ended " + report.status())
                : StatusMapper.toStatus(failure);
        logger.info("Shard {} failed: {}", task.id(), status.getDescription());
        counted = ended(task, outcome);
        // The counts the attempt failed with (an error limit crossed on the shard): the manager
        // adds them to the job's before it hears of the failure.
        observer.onNext(
            ShardEvent.newBuilder()
                .setProgress(ShardProgress.newBuilder().setCounts(ProtoMapper.counts(report)))
                .build());
        observer.onError(status.asRuntimeException());
      }
    } catch (InterruptedException e) {
      outcome = Outcome.CANCELLED;
      Thread.currentThread().interrupt();
      shard.cancel();
      shard.discard();
      if (!counted) {
        counted = ended(task, outcome);
      }
      observer.onError(
          Status.UNAVAILABLE.withDescription("worker is shutting down").asRuntimeException());
    } catch (RuntimeException e) {
      shard.cancel();
      shard.discard();
      logger.warn("Shard {}: publishing failed: {}", task.id(), e.toString());
    } finally {
      running.remove(task.id());
      if (!counted) {
        ended(task, outcome);
      }
    }
  }

  /**
   * Takes an attempt off the running ones and counts how it ended; returns true (it has been
   * counted).
   */
  private boolean ended(ShardTask task, Outcome outcome) {
    running.remove(task.id());
    if (meters == null) {
      return true;
    }
    switch (outcome) {
      case COMPLETED -> meters.completed();
      case FAILED -> meters.failed();
      case CANCELLED -> meters.cancelled();
    }
    return true;
  }

  /** How an attempt ended, as the worker sees it. */
  private enum Outcome {
    COMPLETED,
    FAILED,
    CANCELLED
  }

  private ShardResult result(ShardTask task, PipeReport report) {
    ShardResult.Builder result =
        ShardResult.newBuilder()
            .setCounts(ProtoMapper.counts(report))
            .setStartOffset(report.startOffset())
            .setEndOffset(report.endOffset())
            .setOutputPart(task.outputPart().toString())
            .addAllOutputColumns(report.outputColumns())
            .addAllErrorOutputColumns(report.errorOutputColumns())
            .setWorker(workerName);
    if (task.errorPart() != null) {
      result.setErrorPart(task.errorPart().toString());
    }
    return result.build();
  }
}
