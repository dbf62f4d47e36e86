package io.zoopipe.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.zoopipe.cli.WorkerMain;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.proto.v1.AttemptId;
import io.zoopipe.proto.v1.DataLocation;
import io.zoopipe.proto.v1.Format;
import io.zoopipe.proto.v1.PipeSpec;
import io.zoopipe.proto.v1.RunShardRequest;
import io.zoopipe.proto.v1.ShardEvent;
import io.zoopipe.proto.v1.WorkerServiceGrpc;
import io.zoopipe.worker.WorkerServer;
import io.zoopipe.worker.rpc.WorkerGrpcService;
import io.zoopipe.worker.run.ShardRunner;
import io.zoopipe.worker.run.StorageRoots;
import jakarta.validation.constraints.Min;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerMetricsTest {
  /** The schema of the test's rows; loaded by name, like a plugin's. */
  public record Item(@Min(0) int a) {}

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private MetricsServer metrics;
  private WorkerServer server;
  private ManagedChannel channel;

  @BeforeEach
  void startWorker() throws Exception {
    metrics = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0));
    String name = InProcessServerBuilder.generateName();
    server =
        new WorkerServer(
                InProcessServerBuilder.forName(name).directExecutor(),
                new WorkerGrpcService(
                    new ShardRunner(
                        new PluginClasses(List.of()),
                        StorageRoots.UNRESTRICTED,
                        StorageFactory.defaults(),
                        metrics.registry()),
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
    metrics.close();
  }

  @Test
  void servesShardAndRecordCountsInPrometheusText() throws Exception {
    String rows = "{\"a\":1}\n{\"a\":-1}\n{\"a\":3}\n";
    Path input = Files.writeString(dir.resolve("in.jsonl"), rows);

    List<ShardEvent> events = runShard(request(input, 1));
    boolean refused = refuses(request(dir.resolve("missing.jsonl"), 2));
    HttpResponse<String> scrape = get(metrics.uri());

    assertThat(events.get(events.size() - 1).hasResult()).isTrue();
    assertThat(refused).isTrue();
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type")).hasValue(MetricsServer.CONTENT_TYPE);
    PrometheusText text = PrometheusText.parse(scrape.body());
    assertThat(text.value("zoopipe_records_total{outcome=\"success\"}")).isEqualTo(2);
    assertThat(text.value("zoopipe_records_total{outcome=\"error\"}")).isEqualTo(1);
    assertThat(text.value("zoopipe_records_total{outcome=\"dropped\"}")).isZero();
    assertThat(text.value("zoopipe_batches_total")).isEqualTo(1);
    assertThat(text.value("zoopipe_input_bytes_total")).isEqualTo(rows.length());
    assertThat(text.value("zoopipe_pipe_runs_total{status=\"completed\"}")).isEqualTo(1);
    assertThat(text.value("zoopipe_pipes_active")).isZero();
    assertThat(text.value("zoopipe_shard_attempts_total{state=\"completed\"}")).isEqualTo(1);
    assertThat(text.value("zoopipe_shard_attempts_total{state=\"failed\"}")).isEqualTo(1);
    assertThat(text.value("zoopipe_shard_attempts_total{state=\"cancelled\"}")).isZero();
    assertThat(text.value("zoopipe_shards_running")).isZero();
    assertThat(text.keys())
        .anyMatch(key -> key.startsWith("jvm_memory_used_bytes{"))
        .anyMatch(key -> key.startsWith("jvm_threads_live_threads"))
        .anyMatch(key -> key.startsWith("jvm_classes_loaded_classes"))
        .anyMatch(key -> key.startsWith("system_cpu_count"));
    assertThat(scrape.body())
        .contains("# HELP zoopipe_records_total Records processed by pipe runs, by outcome");
  }

  @Test
  void answersOnlyGetAndHeadOnTheMetricsPath() throws Exception {
    HttpResponse<String> otherPath = get(metrics.uri().resolve("/"));
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(metrics.uri()).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> head =
        http.send(
            HttpRequest.newBuilder(metrics.uri())
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(otherPath.statusCode()).isEqualTo(404);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void closingStopsServingAndFreesThePort() throws Exception {
    int port = metrics.port();

    metrics.close();

    try (MetricsServer again = MetricsServer.start(new InetSocketAddress("127.0.0.1", port))) {
      assertThat(get(again.uri()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void refusesAnInvalidPortAndAHostWithoutAPort() {
    StringWriter err = new StringWriter();

    int badPort = worker(err, "--metrics-port", "70000");
    int hostOnly = worker(err, "--metrics-host", "127.0.0.1");

    assertThat(badPort).isEqualTo(2);
    assertThat(hostOnly).isEqualTo(2);
    assertThat(err.toString())
        .contains("--metrics-port must be in [0, 65535], got 70000")
        .contains("--metrics-host needs --metrics-port");
  }

  private static int worker(StringWriter err, String... args) {
    return WorkerMain.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<ShardEvent> runShard(RunShardRequest request) {
    List<ShardEvent> events = new ArrayList<>();
    WorkerServiceGrpc.newBlockingStub(channel).runShard(request).forEachRemaining(events::add);
    return events;
  }

  private boolean refuses(RunShardRequest request) {
    try {
      runShard(request);
      return false;
    } catch (StatusRuntimeException e) {
      return true;
    }
  }

  private RunShardRequest request(Path input, int shard) {
    return RunShardRequest.newBuilder()
        .setId(AttemptId.newBuilder().setJobId("job").setShardIndex(shard).setAttempt(1))
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
                .setSchemaClass(Item.class.getName()))
        .setWholeInput(true)
        .setRange(io.zoopipe.proto.v1.ByteRange.newBuilder().setStart(0).setEnd(100))
        .setOutputPart(dir.resolve("parts/shard-" + shard + ".out.jsonl").toString())
        .build();
  }
}
