package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.cli.metrics.MetricsServer;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.worker.InProcessWorkerLauncher;
import jakarta.validation.constraints.Min;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerMetricsTest {
  /** The rows' schema, loaded by name on the in-process workers. */
  public record Item(@Min(0) int id) {}

  @TempDir Path dir;

  @Test
  void servesJobShardAndCommittedRecordCounts() throws Exception {
    Path input = dir.resolve("in.jsonl");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      rows.append("{\"id\":").append(i % 10 == 0 ? -i - 1 : i).append("}\n");
    }
    Files.writeString(input, rows);

    try (MetricsServer metrics = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0))) {
      PipeManager manager =
          PipeManager.builder()
              .pipe(description(input))
              .workers(new InProcessWorkerLauncher(2))
              .shards(5)
              .meterRegistry(metrics.registry())
              .build();
      ManagerExecution execution = manager.start();
      PipeReport report = execution.await();
      String text = scrape(metrics);

      assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
      assertThat(value(text, "zoopipe_manager_records_total{outcome=\"success\"}"))
          .isEqualTo(270)
          .isEqualTo(report.successCount());
      assertThat(value(text, "zoopipe_manager_records_total{outcome=\"error\"}")).isEqualTo(30);
      assertThat(value(text, "zoopipe_manager_jobs_total{status=\"completed\"}")).isEqualTo(1);
      assertThat(value(text, "zoopipe_manager_jobs_active")).isZero();
      assertThat(value(text, "zoopipe_manager_workers_alive")).isZero();
      assertThat(
              value(text, "zoopipe_manager_shard_attempts_total{outcome=\"committed\"}")
                  + value(text, "zoopipe_manager_shard_attempts_total{outcome=\"empty\"}"))
          .isEqualTo(execution.shardCount());
      assertThat(value(text, "zoopipe_manager_shard_attempts_total{outcome=\"failed\"}")).isZero();
      assertThat(value(text, "zoopipe_manager_merge_duration_seconds_count")).isEqualTo(1);
      assertThat(text)
          .contains("# HELP zoopipe_manager_shard_attempts_total Shard attempts ended")
          .contains("# TYPE zoopipe_manager_merge_duration_seconds summary");
      assertThat(metrics.registry().getMeters())
          .allSatisfy(meter -> assertThat(meter.getId().getDescription()).isNotBlank());
    }
  }

  @Test
  void aFailedJobIsCountedAsFailed() throws Exception {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"id\":1}\n");
    Files.createDirectory(dir.resolve("out.jsonl")); // the merge cannot replace a directory

    try (MetricsServer metrics = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0))) {
      PipeReport report =
          PipeManager.builder()
              .pipe(description(input))
              .workers(new InProcessWorkerLauncher(1))
              .meterRegistry(metrics.registry())
              .build()
              .run();
      String text = scrape(metrics);

      assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
      assertThat(value(text, "zoopipe_manager_jobs_total{status=\"failed\"}")).isEqualTo(1);
      assertThat(value(text, "zoopipe_manager_jobs_total{status=\"completed\"}")).isZero();
    }
  }

  private static String scrape(MetricsServer metrics) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(metrics.uri()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The value of the one sample line {@code key value}. */
  private static double value(String text, String key) {
    List<String> lines = text.lines().filter(line -> line.startsWith(key + " ")).toList();
    assertThat(lines).as("a sample %s in%n%s", key, text).hasSize(1);
    return Double.parseDouble(lines.get(0).substring(key.length() + 1));
  }

  private PipeDescription description(Path input) {
    return new PipeDescription(
        new DataDescription(Location.of(input), "jsonl", FormatOptions.none()),
        new DataDescription(Location.of(dir.resolve("out.jsonl")), "jsonl", FormatOptions.none()),
        null,
        Item.class.getName(),
        List.of(),
        List.of(),
        new SingleThreadExecutor(20));
  }
}
