package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.proto.v1.DataLocation;
import io.zoopipe.proto.v1.Format;
import io.zoopipe.proto.v1.JobProgress;
import io.zoopipe.proto.v1.JobServiceGrpc;
import io.zoopipe.proto.v1.PipeSpec;
import io.zoopipe.proto.v1.SubmitJobRequest;
import io.zoopipe.proto.v1.WatchJobRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-port} on the real command: {@code zoopipe run} and {@code zoopipe serve}. */
class MetricsCliIT {
  private static final String LISTENING = "zoopipe-serve listening on ";
  private static final Pattern METRICS_URL =
      Pattern.compile("zoopipe: serving metrics at (http://\\S+)");

  @TempDir Path dir;

  @Test
  void runWithMetricsPrintsTheSameOutputAndLogsTheUrl() throws Exception {
    TestData.jsonLines(dir.resolve("in.jsonl"), 5, 500, -1, "", 10);

    int plain = Cli.run(dir, dir.resolve("plain.log"), run("plain.jsonl"));
    List<String> metered = new ArrayList<>(List.of(run("metered.jsonl")));
    metered.addAll(List.of("--metrics-port", "0"));
    // At the default log level (WARN), as a user runs it: the URL is said all the same.
    int withMetrics =
        Cli.run(
            dir,
            dir.resolve("metered.log"),
            Map.of("ZOOPIPE_LOG_LEVEL", "WARN"),
            metered.toArray(String[]::new));

    assertThat(plain).isZero();
    assertThat(withMetrics).isZero();
    List<String> plainOut = Files.readAllLines(dir.resolve("plain.log.out"));
    List<String> meteredOut = Files.readAllLines(dir.resolve("metered.log.out"));
    assertThat(meteredOut).hasSameSizeAs(plainOut).hasSize(1);
    assertThat(meteredOut.get(0)).startsWith(plainOut.get(0).substring(0, 20));
    assertThat(Files.readString(dir.resolve("metered.log"))).containsPattern(METRICS_URL);
    assertThat(Files.readString(dir.resolve("plain.log"))).doesNotContain("serving metrics");
  }

  @Test
  void serveExposesJobMetersWhileItRuns() throws Exception {
    Path input = TestData.jsonLines(dir.resolve("in.jsonl"), 7, 1_000, -1, "", 10);
    Process server =
        Cli.start(
            dir,
            dir.resolve("serve.log"),
            "serve",
            "--port",
            "0",
            "--workers",
            "1",
            "--metrics-port",
            "0");
    ManagedChannel channel = null;
    try {
      String address =
          await(dir.resolve("serve.log.out"), server, line -> line.startsWith(LISTENING));
      URI metrics =
          URI.create(
              url(
                  await(
                      dir.resolve("serve.log"), server, line -> METRICS_URL.matcher(line).find())));
      channel =
          ManagedChannelBuilder.forTarget(address.substring(LISTENING.length()).trim())
              .usePlaintext()
              .build();
      JobServiceGrpc.JobServiceBlockingStub jobs =
          JobServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);

      String jobId = jobs.submitJob(submit(input, dir.resolve("out.jsonl"))).getJobId();
      JobProgress last = null;
      var progress = jobs.watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
      while (progress.hasNext()) {
        last = progress.next();
      }
      String text = get(metrics);

      assertThat(last).isNotNull();
      assertThat(last.getDone()).isTrue();
      assertThat(text)
          .contains("zoopipe_manager_jobs_total{status=\"completed\"} 1.0")
          .contains("zoopipe_manager_records_total{outcome=\"success\"} 900.0")
          .contains("zoopipe_manager_records_total{outcome=\"error\"} 100.0")
          .contains("zoopipe_manager_jobs_active 0.0")
          .contains("# TYPE jvm_memory_used_bytes gauge");
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private String[] run(String output) {
    return new String[] {
      "run",
      "--input",
      dir.resolve("in.jsonl").toString(),
      "--output",
      dir.resolve(output).toString(),
      "--threads",
      "1",
      "--progress",
      "none"
    };
  }

  private static SubmitJobRequest submit(Path input, Path output) {
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
                        .setFormat(Format.FORMAT_JSONL)))
        .setWorkers(1)
        .setShards(3)
        .build();
  }

  private static String url(String line) {
    Matcher matcher = METRICS_URL.matcher(line);
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The first line of {@code file} that {@code wanted} accepts, waiting up to 30 s for it. */
  private static String await(Path file, Process process, Predicate<String> wanted)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (wanted.test(line)) {
            return line;
          }
        }
      }
      assertThat(process.isAlive()).as("zoopipe exited early").isTrue();
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("no expected line in " + file);
  }
}
