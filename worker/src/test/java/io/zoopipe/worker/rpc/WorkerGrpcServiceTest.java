package io.zoopipe.worker.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.proto.v1.AttemptId;
import io.zoopipe.proto.v1.DataLocation;
import io.zoopipe.proto.v1.Format;
import io.zoopipe.proto.v1.PipeSpec;
import io.zoopipe.proto.v1.RunShardRequest;
import io.zoopipe.proto.v1.ShardEvent;
import io.zoopipe.proto.v1.WorkerServiceGrpc;
import io.zoopipe.rpc.Secrets;
import io.zoopipe.worker.WorkerServer;
import io.zoopipe.worker.run.ShardRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerGrpcServiceTest {
  private static final String SECRET = "s3cret";

  @TempDir Path dir;

  private WorkerServer server;
  private ManagedChannel channel;

  @BeforeEach
  void startWorker() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        new WorkerServer(
                InProcessServerBuilder.forName(name).directExecutor(),
                new WorkerGrpcService(
                    new ShardRunner(new PluginClasses(List.of())), name, Duration.ofMillis(50)),
                SECRET)
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stopWorker() {
    channel.shutdownNow();
    server.stop();
  }

  @Test
  void refusesCallsWithoutTheSecret() {
    Status refused = run(channel, RunShardRequest.newBuilder().setId(id()).build());

    assertThat(refused.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refused.getDescription()).contains("no secret given");
  }

  @Test
  void refusesCallsWithAWrongSecret() {
    Status refused =
        run(
            ClientInterceptors.intercept(channel, Secrets.clientInterceptor("guess")),
            RunShardRequest.newBuilder().setId(id()).build());

    assertThat(refused.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refused.getDescription()).contains("wrong secret");
  }

  @Test
  void answersHealthChecksWithoutTheSecret() {
    HealthCheckResponse response =
        HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void reflectionStillNeedsTheSecret() throws Exception {
    CompletableFuture<Status> ended = new CompletableFuture<>();

    ServerReflectionGrpc.newStub(channel)
        .serverReflectionInfo(
            new StreamObserver<ServerReflectionResponse>() {
              @Override
              public void onNext(ServerReflectionResponse response) {}

              @Override
              public void onError(Throwable failure) {
                ended.complete(Status.fromThrowable(failure));
              }

              @Override
              public void onCompleted() {
                ended.complete(Status.OK);
              }
            })
        .onNext(ServerReflectionRequest.newBuilder().setListServices("").build());

    assertThat(ended.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void badRequestsGetClearStatusesAndTheWorkerKeepsServing() throws Exception {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"a\":1}\n");

    Status missingPipe = run(RunShardRequest.newBuilder().setId(id()).setOutputPart("x").build());
    Status missingInput = run(request(dir.resolve("missing.jsonl"), ""));
    Status unknownSchema = run(request(input, "com.example.NoSuchSchema"));

    assertThat(missingPipe.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(missingInput.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(missingInput.getDescription()).contains("missing.jsonl");
    assertThat(unknownSchema.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknownSchema.getDescription()).contains("com.example.NoSuchSchema");
    assertThat(
            HealthGrpc.newBlockingStub(authorized())
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void runsAShardAndReportsWhereItStartedAndEnded() throws Exception {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
    RunShardRequest request =
        request(input, "").toBuilder()
            .setRange(io.zoopipe.proto.v1.ByteRange.newBuilder().setStart(3).setEnd(12))
            .build();

    List<ShardEvent> events = new ArrayList<>();
    Iterator<ShardEvent> stream = WorkerServiceGrpc.newBlockingStub(authorized()).runShard(request);
    stream.forEachRemaining(events::add);

    ShardEvent last = events.get(events.size() - 1);
    assertThat(last.hasResult()).isTrue();
    assertThat(last.getResult().getCounts().getTotalProcessed()).isEqualTo(1);
    assertThat(last.getResult().getStartOffset()).isEqualTo(8);
    assertThat(last.getResult().getEndOffset()).isEqualTo(16);
    assertThat(Files.readString(dir.resolve("parts/shard.out.jsonl"))).contains("\"a\":2");
  }

  private Status run(RunShardRequest request) {
    return run(authorized(), request);
  }

  private static Status run(io.grpc.Channel calls, RunShardRequest request) {
    try {
      WorkerServiceGrpc.newBlockingStub(calls).runShard(request).forEachRemaining(e -> {});
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  private io.grpc.Channel authorized() {
    return ClientInterceptors.intercept(channel, Secrets.clientInterceptor(SECRET));
  }

  private RunShardRequest request(Path input, String schema) {
    return RunShardRequest.newBuilder()
        .setId(id())
        .setPipe(
            PipeSpec.newBuilder()
                .setInput(
                    DataLocation.newBuilder()
                        .setLocation(input.toString())
                        .setFormat(Format.FORMAT_JSONL))
                .setOutput(
                    DataLocation.newBuilder()
                        .setLocation(dir.resolve("out.jsonl").toString())
                        .setFormat(Format.FORMAT_JSONL))
                .setSchemaClass(schema))
        .setWholeInput(false)
        .setRange(io.zoopipe.proto.v1.ByteRange.newBuilder().setStart(0).setEnd(100))
        .setOutputPart(dir.resolve("parts/shard.out.jsonl").toString())
        .build();
  }

  private static AttemptId id() {
    return AttemptId.newBuilder().setJobId("job").setShardIndex(0).setAttempt(1).build();
  }
}
