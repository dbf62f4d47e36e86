package io.zoopipe.worker.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.proto.v1.AttemptId;
import io.zoopipe.proto.v1.DataLocation;
import io.zoopipe.proto.v1.Format;
import io.zoopipe.proto.v1.PipeSpec;
import io.zoopipe.proto.v1.RunShardRequest;
import io.zoopipe.proto.v1.ShardEvent;
import io.zoopipe.proto.v1.WorkerServiceGrpc;
import io.zoopipe.worker.WorkerServer;
import io.zoopipe.worker.run.ShardRunner;
import io.zoopipe.worker.run.StorageRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker with a storage root serves shards inside it and refuses every location outside. */
class WorkerStorageRootsTest {
  private static final String INPUT = "{\"a\":1}\n{\"a\":2}\n";

  @TempDir Path dir;

  private Path root;
  private Path outside;
  private WorkerServer server;
  private ManagedChannel channel;

  @BeforeEach
  void startWorker() throws Exception {
    root = Files.createDirectories(dir.resolve("root"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(root.resolve("in.jsonl"), INPUT);
    Files.writeString(outside.resolve("secret.jsonl"), "{\"secret\":1}\n");
    String name = InProcessServerBuilder.generateName();
    server =
        new WorkerServer(
                InProcessServerBuilder.forName(name).directExecutor(),
                new WorkerGrpcService(
                    new ShardRunner(
                        new PluginClasses(List.of()), StorageRoots.of(List.of(root.toString()))),
                    name,
                    Duration.ofMillis(50)),
                null)
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stopWorker() {
    channel.shutdownNow();
    server.stop();
  }

  @Test
  void runsAShardWhoseLocationsAreInsideTheRoot() throws Exception {
    List<ShardEvent> events = new ArrayList<>();

    WorkerServiceGrpc.newBlockingStub(channel)
        .runShard(request(root.resolve("in.jsonl"), root.resolve("out.jsonl"), null))
        .forEachRemaining(events::add);

    ShardEvent last = events.get(events.size() - 1);
    assertThat(last.getResult().getCounts().getTotalProcessed()).isEqualTo(2);
    assertThat(Files.readString(root.resolve("out.jsonl.zoopipe-job/shard-0.jsonl")))
        .contains("\"a\":1")
        .contains("\"a\":2");
  }

  @Test
  void refusesAnInputOutsideTheRootBeforeWritingAnything() throws Exception {
    Path secret = outside.resolve("secret.jsonl");

    Status status = run(request(secret, root.resolve("out.jsonl"), null));

    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription())
        .isEqualTo("input " + secret + " is outside this worker's storage roots [" + root + "]");
    assertThat(filesUnder(root)).containsExactly(root.resolve("in.jsonl"));
    assertStillServing();
  }

  @Test
  void refusesAnOutputOutsideTheRoot() throws Exception {
    Status status = run(request(root.resolve("in.jsonl"), outside.resolve("out.jsonl"), null));

    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription())
        .startsWith("output " + outside.resolve("out.jsonl"))
        .endsWith("is outside this worker's storage roots [" + root + "]");
    assertThat(filesUnder(outside)).containsExactly(outside.resolve("secret.jsonl"));
    assertStillServing();
  }

  @Test
  void refusesAnOutputPartOutsideTheRootEvenWhenTheOutputIsInside() throws Exception {
    RunShardRequest request =
        request(root.resolve("in.jsonl"), root.resolve("out.jsonl"), null).toBuilder()
            .setOutputPart(outside.resolve("shard-0.jsonl").toString())
            .build();

    Status status = run(request);

    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).startsWith("output part " + outside.resolve("shard-0"));
    assertThat(filesUnder(outside)).containsExactly(outside.resolve("secret.jsonl"));
  }

  @Test
  void refusesAnErrorOutputOutsideTheRoot() throws Exception {
    Status status =
        run(
            request(
                root.resolve("in.jsonl"),
                root.resolve("out.jsonl"),
                outside.resolve("errors.jsonl")));

    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).startsWith("error output " + outside.resolve("errors"));
    assertThat(filesUnder(outside)).containsExactly(outside.resolve("secret.jsonl"));
    assertThat(filesUnder(root)).containsExactly(root.resolve("in.jsonl"));
  }

  @Test
  void refusesAPathThatTraversesOutOfTheRoot() throws Exception {
    Path traversal = root.resolve("../outside/secret.jsonl");

    Status input = run(request(traversal, root.resolve("out.jsonl"), null));
    Status output =
        run(request(root.resolve("in.jsonl"), root.resolve("../outside/out.jsonl"), null));

    assertThat(input.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(input.getDescription())
        .contains(traversal.toString())
        .contains("resolves to " + outside.toRealPath().resolve("secret.jsonl"));
    assertThat(output.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(filesUnder(outside)).containsExactly(outside.resolve("secret.jsonl"));
    assertStillServing();
  }

  @Test
  void refusesASymbolicLinkOutOfTheRoot() throws Exception {
    Files.createSymbolicLink(root.resolve("escape"), outside);

    Status input =
        run(request(root.resolve("escape/secret.jsonl"), root.resolve("out.jsonl"), null));
    Status output = run(request(root.resolve("in.jsonl"), root.resolve("escape/out.jsonl"), null));

    assertThat(input.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(input.getDescription()).contains("escape/secret.jsonl");
    assertThat(output.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(filesUnder(outside)).containsExactly(outside.resolve("secret.jsonl"));
    assertStillServing();
  }

  private Status run(RunShardRequest request) {
    try {
      WorkerServiceGrpc.newBlockingStub(channel).runShard(request).forEachRemaining(e -> {});
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  private void assertStillServing() {
    assertThat(
            HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  private static List<Path> filesUnder(Path directory) throws Exception {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(path -> !path.equals(directory)).toList();
    }
  }

  /** A whole-input JSON Lines shard; parts go to {@code <output>.zoopipe-job/}. */
  private static RunShardRequest request(Path input, Path output, Path errors) {
    PipeSpec.Builder pipe =
        PipeSpec.newBuilder()
            .setInput(
                DataLocation.newBuilder()
                    .setLocation(input.toString())
                    .setFormat(Format.FORMAT_JSONL))
            .setOutput(
                DataLocation.newBuilder()
                    .setLocation(output.toString())
                    .setFormat(Format.FORMAT_JSONL));
    RunShardRequest.Builder request =
        RunShardRequest.newBuilder()
            .setId(AttemptId.newBuilder().setJobId("job").setShardIndex(0).setAttempt(1))
            .setWholeInput(true)
            .setOutputPart(output + ".zoopipe-job/shard-0.jsonl");
    if (errors != null) {
      pipe.setErrors(
          DataLocation.newBuilder().setLocation(errors.toString()).setFormat(Format.FORMAT_JSONL));
      request.setErrorPart(errors + ".zoopipe-job/shard-0.jsonl");
    }
    return request.setPipe(pipe).build();
  }
}
