package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.endtoend.testing.UnluckyIdHook;
import io.zoopipe.manager.rpc.JobGrpcService;
import io.zoopipe.proto.v1.DataLocation;
import io.zoopipe.proto.v1.Format;
import io.zoopipe.proto.v1.GetJobReportRequest;
import io.zoopipe.proto.v1.JobServiceGrpc;
import io.zoopipe.proto.v1.JobStatus;
import io.zoopipe.proto.v1.PipeSpec;
import io.zoopipe.proto.v1.SubmitJobRequest;
import io.zoopipe.proto.v1.WatchJobRequest;
import io.zoopipe.worker.InProcessWorkerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job service checks a job before accepting it, as {@code zoopipe run} does, and forgets
 * finished jobs after a bounded number; run over an in-process channel with in-process workers.
 */
class JobServiceChecksTest {
  @TempDir Path dir;
  private Server server;
  private ManagedChannel channel;
  private JobGrpcService service;

  private JobServiceGrpc.JobServiceBlockingStub start(int keepFinished) throws Exception {
    String name = InProcessServerBuilder.generateName();
    service =
        new JobGrpcService(
            workers -> new InProcessWorkerLauncher(workers),
            1,
            Duration.ofMillis(100),
            null,
            StorageFactory.defaults(),
            new PluginClasses(List.of()),
            keepFinished,
            Duration.ofHours(1));
    server = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (service != null) {
      service.cancelAll();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private SubmitJobRequest job(Path input, Path output, String... hooks) {
    return SubmitJobRequest.newBuilder()
        .setPipe(
            PipeSpec.newBuilder()
                .setInput(
                    DataLocation.newBuilder()
                        .setLocation(input.toString())
                        .setFormat(Format.FORMAT_JSONL))
                .setOutput(
                    DataLocation.newBuilder()
                        .setLocation(output.toString())
                        .setFormat(Format.FORMAT_JSONL))
                .addAllPostValidationHooks(List.of(hooks)))
        .setWorkers(1)
        .setShards(2)
        .build();
  }

  private static void awaitDone(JobServiceGrpc.JobServiceBlockingStub jobs, String id) {
    var progress = jobs.watchJob(WatchJobRequest.newBuilder().setJobId(id).build());
    while (progress.hasNext()) {
      progress.next();
    }
  }

  @Test
  void anUnknownHookClassIsInvalidArgumentAndNothingStarts() throws Exception {
    JobServiceGrpc.JobServiceBlockingStub jobs = start(10);
    Path input = TestData.jsonLines(dir.resolve("in.jsonl"), 1, 100, -1, "", 0);
    Path output = dir.resolve("out.jsonl");

    assertThatThrownBy(() -> jobs.submitJob(job(input, output, "com.example.NoSuchHook")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("com.example.NoSuchHook");
            });
    assertThat(output).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(input); // no work directory either
    }
  }

  @Test
  void aMissingInputIsNotFound() throws Exception {
    JobServiceGrpc.JobServiceBlockingStub jobs = start(10);
    assertThatThrownBy(
            () -> jobs.submitJob(job(dir.resolve("missing.jsonl"), dir.resolve("out.jsonl"))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void aKnownHookIsAcceptedAndFinishedJobsAreKeptUpToTheLimit() throws Exception {
    JobServiceGrpc.JobServiceBlockingStub jobs = start(1);
    Path input = TestData.jsonLines(dir.resolve("in.jsonl"), 1, 100, -1, "", 0);

    String first =
        jobs.submitJob(job(input, dir.resolve("a.jsonl"), UnluckyIdHook.class.getName()))
            .getJobId();
    awaitDone(jobs, first);
    assertThat(
            jobs.getJobReport(GetJobReportRequest.newBuilder().setJobId(first).build()).getStatus())
        .isEqualTo(JobStatus.JOB_STATUS_COMPLETED);

    String second = jobs.submitJob(job(input, dir.resolve("b.jsonl"))).getJobId();
    awaitDone(jobs, second);

    assertThat(
            jobs.getJobReport(GetJobReportRequest.newBuilder().setJobId(second).build())
                .getStatus())
        .isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
    assertThatThrownBy(
            () -> jobs.getJobReport(GetJobReportRequest.newBuilder().setJobId(first).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }
}
