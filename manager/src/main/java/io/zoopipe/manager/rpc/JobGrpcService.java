package io.zoopipe.manager.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.manager.ShardReport;
import io.zoopipe.proto.v1.CancelJobRequest;
import io.zoopipe.proto.v1.CancelJobResponse;
import io.zoopipe.proto.v1.GetJobReportRequest;
import io.zoopipe.proto.v1.JobProgress;
import io.zoopipe.proto.v1.JobReport;
import io.zoopipe.proto.v1.JobServiceGrpc;
import io.zoopipe.proto.v1.JobStatus;
import io.zoopipe.proto.v1.JobSummary;
import io.zoopipe.proto.v1.ListJobsRequest;
import io.zoopipe.proto.v1.ListJobsResponse;
import io.zoopipe.proto.v1.RunCounts;
import io.zoopipe.proto.v1.SubmitJobRequest;
import io.zoopipe.proto.v1.SubmitJobResponse;
import io.zoopipe.proto.v1.WatchJobRequest;
import io.zoopipe.rpc.ProtoMapper;
import io.zoopipe.rpc.WorkerLauncher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job service of {@code zoopipe serve}: each submitted job is a {@link ManagerExecution} of a
 * {@link PipeManager} with workers from a launcher factory; progress is streamed about twice a
 * second. A job is checked before it is accepted as {@code zoopipe run} checks one: its schema and
 * hook classes must load from the service's plugin classes (INVALID_ARGUMENT otherwise), its input
 * must exist and its outputs be writable. Finished jobs (with their reports) are kept for a bounded
 * time and number ({@link #DEFAULT_KEEP_FINISHED}, {@link #DEFAULT_KEEP_FINISHED_FOR} unless told
 * otherwise); running jobs are always kept. Thread-safe.
 */
public final class JobGrpcService extends JobServiceGrpc.JobServiceImplBase {
  private static final Logger logger = LoggerFactory.getLogger(JobGrpcService.class);

  private final IntFunction<WorkerLauncher> launchers;
  private final int defaultWorkers;
  private final Duration progressInterval;

  /** Finished jobs kept at most, by default. */
  public static final int DEFAULT_KEEP_FINISHED = 100;

  /** How long a finished job is kept, by default. */
  public static final Duration DEFAULT_KEEP_FINISHED_FOR = Duration.ofHours(1);

  private final JobTable<ManagerExecution> jobs;
  private final PluginClasses classes;
  private final @Nullable MeterRegistry meterRegistry;
  private final StorageFactory storage;

  /**
   * @param launchers the workers for a job of {@code n} workers
   */
  public JobGrpcService(
      IntFunction<WorkerLauncher> launchers, int defaultWorkers, Duration progressInterval) {
    this(launchers, defaultWorkers, progressInterval, null);
  }

  /**
   * @param launchers the workers for a job of {@code n} workers
   * @param meterRegistry where every job's manager meters go; null for none
   */
  public JobGrpcService(
      IntFunction<WorkerLauncher> launchers,
      int defaultWorkers,
      Duration progressInterval,
      @Nullable MeterRegistry meterRegistry) {
    this(launchers, defaultWorkers, progressInterval, meterRegistry, StorageFactory.defaults());
  }

  /**
   * @param launchers the workers for a job of {@code n} workers
   * @param meterRegistry where every job's manager meters go; null for none
   * @param storage what every job's manager checks, probes, merges and cleans up through; it stays
   *     the caller's to close
   */
  public JobGrpcService(
      IntFunction<WorkerLauncher> launchers,
      int defaultWorkers,
      Duration progressInterval,
      @Nullable MeterRegistry meterRegistry,
      StorageFactory storage) {
    this(
        launchers,
        defaultWorkers,
        progressInterval,
        meterRegistry,
        storage,
        new PluginClasses(List.of()),
        DEFAULT_KEEP_FINISHED,
        DEFAULT_KEEP_FINISHED_FOR);
  }

  /**
   * @param launchers the workers for a job of {@code n} workers
   * @param meterRegistry where every job's manager meters go; null for none
   * @param storage what every job's manager checks, probes, merges and cleans up through; it stays
   *     the caller's to close
   * @param classes where a submitted job's schema and hook classes are checked (the workers' plugin
   *     jars); it stays the caller's to close
   * @param keepFinished finished jobs kept at most
   * @param keepFinishedFor how long a finished job is kept
   */
  public JobGrpcService(
      IntFunction<WorkerLauncher> launchers,
      int defaultWorkers,
      Duration progressInterval,
      @Nullable MeterRegistry meterRegistry,
      StorageFactory storage,
      PluginClasses classes,
      int keepFinished,
      Duration keepFinishedFor) {
    this.storage = requireNonNull(storage, "storage is null");
    this.launchers = requireNonNull(launchers, "launchers is null");
    this.defaultWorkers = Math.max(1, defaultWorkers);
    this.progressInterval = requireNonNull(progressInterval, "progressInterval is null");
    this.meterRegistry = meterRegistry;
    this.classes = requireNonNull(classes, "classes is null");
    this.jobs =
        new JobTable<>(ManagerExecution::isDone, keepFinished, keepFinishedFor, Clock.systemUTC());
  }

  @Override
  public void submitJob(SubmitJobRequest request, StreamObserver<SubmitJobResponse> responses) {
    ManagerExecution execution;
    try {
      if (!request.hasPipe()) {
        throw new IllegalArgumentException("pipe is required");
      }
      if (request.getWorkers() < 0 || request.getShards() < 0) {
        throw new IllegalArgumentException("workers and shards must be >= 0");
      }
      PipeDescription pipe = ProtoMapper.fromProto(request.getPipe());
      // As run does: classes load and the pipe builds (schema binding, hook types) here, so that a
      // mistake is INVALID_ARGUMENT now rather than a failed job later.
      pipe.toPipe(classes);
      checkWritable(pipe);
      int workers = request.getWorkers() == 0 ? defaultWorkers : request.getWorkers();
      PipeManager.Builder builder =
          PipeManager.builder()
              .pipe(pipe)
              .workers(launchers.apply(workers))
              .shards(request.getShards())
              .storage(storage);
      if (meterRegistry != null) {
        builder.meterRegistry(meterRegistry);
      }
      execution = builder.build().start();
    } catch (IllegalArgumentException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (PipelineException e) {
      responses.onError(io.zoopipe.rpc.StatusMapper.toStatus(e).asRuntimeException());
      return;
    }
    jobs.put(execution.jobId(), execution);
    logger.info("Job {} submitted", execution.jobId());
    responses.onNext(SubmitJobResponse.newBuilder().setJobId(execution.jobId()).build());
    responses.onCompleted();
  }

  @Override
  public void watchJob(WatchJobRequest request, StreamObserver<JobProgress> responses) {
    ManagerExecution execution = jobs.get(request.getJobId());
    if (execution == null) {
      responses.onError(notFound(request.getJobId()));
      return;
    }
    ServerCallStreamObserver<JobProgress> observer =
        (ServerCallStreamObserver<JobProgress>) responses;
    try {
      while (!execution.await(progressInterval)) {
        if (observer.isCancelled()) {
          return;
        }
        observer.onNext(progress(execution, false));
      }
      if (!observer.isCancelled()) {
        observer.onNext(progress(execution, true));
        observer.onCompleted();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      observer.onError(Status.CANCELLED.withDescription("server stopping").asRuntimeException());
    }
  }

  @Override
  public void getJobReport(GetJobReportRequest request, StreamObserver<JobReport> responses) {
    ManagerExecution execution = jobs.get(request.getJobId());
    if (execution == null) {
      responses.onError(notFound(request.getJobId()));
      return;
    }
    if (!execution.isDone()) {
      responses.onError(
          Status.FAILED_PRECONDITION
              .withDescription("job " + request.getJobId() + " is still running")
              .asRuntimeException());
      return;
    }
    PipeReport report = execution.report();
    JobReport.Builder result =
        JobReport.newBuilder()
            .setJobId(execution.jobId())
            .setStatus(status(report.status()))
            .setCounts(counts(report));
    if (report.exception() != null) {
      String message = report.exception().getMessage();
      result.setMessage(message == null ? report.exception().toString() : message);
      if (report.exception() instanceof PipelineException pipeline) {
        result.setErrorKind(pipeline.kind().name());
      }
    }
    for (ShardReport shard : execution.shardReports()) {
      result.addShards(
          io.zoopipe.proto.v1.ShardReport.newBuilder()
              .setIndex(shard.index())
              .setRangeStart(shard.range().start())
              .setRangeEnd(shard.range().end())
              .setAttempts(shard.attempts())
              .setWorker(shard.worker())
              .setCounts(
                  RunCounts.newBuilder()
                      .setTotalProcessed(shard.totalProcessed())
                      .setSuccessCount(shard.successCount())
                      .setErrorCount(shard.errorCount())
                      .setDroppedCount(shard.droppedCount())
                      .setBytesRead(shard.bytesRead())
                      .setDurationMillis(shard.duration().toMillis())
                      .setPeakRamBytes(shard.peakRamBytes()))
              .setStartOffset(shard.startOffset())
              .setEndOffset(shard.endOffset()));
    }
    responses.onNext(result.build());
    responses.onCompleted();
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> responses) {
    ManagerExecution execution = jobs.get(request.getJobId());
    if (execution == null) {
      responses.onError(notFound(request.getJobId()));
      return;
    }
    boolean running = !execution.isDone();
    execution.shutdown();
    responses.onNext(CancelJobResponse.newBuilder().setCancelled(running).build());
    responses.onCompleted();
  }

  @Override
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
    ListJobsResponse.Builder list = ListJobsResponse.newBuilder();
    for (ManagerExecution execution : jobs.all()) {
      PipeReport report = execution.report();
      PipeDescription pipe = execution.manager().pipes().get(0);
      list.addJobs(
          JobSummary.newBuilder()
              .setJobId(execution.jobId())
              .setStatus(status(report.status()))
              .setInput(pipe.input().location().toString())
              .setOutput(pipe.output().location().toString())
              .setShardsDone(execution.shardsDone())
              .setShardsTotal(execution.shardCount())
              .setCounts(counts(report)));
    }
    responses.onNext(list.build());
    responses.onCompleted();
  }

  /** Cancels every running job and waits for each to clean up. */
  public void cancelAll() {
    jobs.all().forEach(ManagerExecution::close);
  }

  private void checkWritable(PipeDescription pipe) {
    try {
      pipe.output().toOutput().checkWritable(storage);
      if (pipe.errors() != null) {
        pipe.errors().toOutput().checkWritable(storage);
      }
    } catch (IOException e) {
      throw new PipelineException(
          io.zoopipe.common.pipe.ErrorKind.INVALID_INPUT,
          "output cannot be written: " + e.getMessage(),
          e);
    }
  }

  private static JobProgress progress(ManagerExecution execution, boolean done) {
    PipeReport report = execution.report();
    return JobProgress.newBuilder()
        .setJobId(execution.jobId())
        .setStatus(status(report.status()))
        .setCounts(counts(report))
        .setShardsDone(execution.shardsDone())
        .setShardsTotal(execution.shardCount())
        .setWorkersBusy(execution.busyWorkers())
        .setDone(done)
        .build();
  }

  private static RunCounts counts(PipeReport report) {
    return ProtoMapper.counts(report);
  }

  static JobStatus status(PipeStatus status) {
    return switch (status) {
      case PENDING -> JobStatus.JOB_STATUS_PENDING;
      case RUNNING -> JobStatus.JOB_STATUS_RUNNING;
      case COMPLETED -> JobStatus.JOB_STATUS_COMPLETED;
      case FAILED -> JobStatus.JOB_STATUS_FAILED;
      case ABORTED -> JobStatus.JOB_STATUS_ABORTED;
    };
  }

  private static RuntimeException notFound(String jobId) {
    return Status.NOT_FOUND.withDescription("no job " + jobId).asRuntimeException();
  }
}
