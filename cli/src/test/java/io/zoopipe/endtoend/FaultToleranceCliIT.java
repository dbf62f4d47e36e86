package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.common.testing.FlakyService;
import io.zoopipe.common.testing.FlakyService.Behaviour;
import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.ServiceEnrichProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code zoopipe run} with an asynchronous row processor that calls a real HTTP service in this
 * JVM, in a single JVM and on two worker JVMs: retries, skips, rate limit, fatal exceptions and
 * Ctrl-C during back-off.
 */
class FaultToleranceCliIT {
  private static final int ROWS = 400;
  private static final int HANGING_ROW = 42;
  private static final byte[] OLD = "id,old\n1,kept\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private FlakyService service;

  @AfterEach
  void stopService() {
    if (service != null) {
      service.close();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void everyRowIsWrittenOrAnErrorRecordOnceInOrderAndTheReportMatchesTheService(int workers)
      throws Exception {
    service = FlakyService.start(FaultToleranceCliIT::behaviour, Duration.ofMillis(2));
    writeInput(ROWS);

    int status =
        run(
            "--workers",
            String.valueOf(workers),
            "--shards",
            "4",
            "--hook-retries",
            "2",
            "--hook-backoff",
            "5ms,50ms",
            "--hook-timeout",
            "500ms",
            "--max-in-flight",
            "16",
            "--report",
            "report.json");

    String log = Files.readString(dir.resolve("run.log"));
    assertThat(status).as(log).isZero();
    List<Integer> written = ids(dir.resolve("out.csv"));
    List<Integer> failed = ids(dir.resolve("errors.csv"));
    assertThat(written).isSorted().doesNotHaveDuplicates();
    assertThat(failed).isSorted().doesNotHaveDuplicates();
    Set<Integer> all = new HashSet<>(written);
    all.addAll(failed);
    assertThat(all).hasSize(ROWS).hasSize(written.size() + failed.size());
    assertThat(failed).containsExactlyElementsOf(permanentlyFailing());
    assertThat(Files.readString(dir.resolve("errors.csv")))
        .contains("IllegalArgumentException: HTTP 400", "(1 attempt)")
        .contains("TimeoutException (3 attempts)");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("retry_count").asLong()).isEqualTo(service.totalRequests() - ROWS);
    assertThat(report.get("skipped_count").asLong()).isEqualTo(failed.size());
    assertThat(report.get("error_count").asLong()).isEqualTo(failed.size());
    assertThat(report.get("backoff_millis").asLong()).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void theRateLimitHoldsForTheWholeJobOverTwoWorkers() throws Exception {
    service = FlakyService.start(id -> Behaviour.OK, Duration.ofMillis(1));
    writeInput(150);

    int status = run("--workers", "2", "--shards", "2", "--rate-limit", "40");

    assertThat(status).as(Files.readString(dir.resolve("run.log"))).isZero();
    assertThat(ids(dir.resolve("out.csv"))).hasSize(150);
    // Each worker's limiter spaces its calls' starts 50 ms apart (20 a second each); at the
    // service a call that a busy machine delayed on its way can land in the next second beside
    // that second's own, so a second may see one more per worker. The span shows the limit held
    // over the whole run: at 40 a second, 150 calls (less one per worker's first) take 3.7 s.
    assertThat(service.peakRequestsPerSecond()).as(service.timeline()).isBetween(15, 44);
    assertThat(service.requestSpan()).isGreaterThanOrEqualTo(Duration.ofMillis(3400));
  }

  @Test
  void aFatalExceptionFailsTheRunAndLeavesTheDestinationUntouched() throws Exception {
    service = FlakyService.start(FaultToleranceCliIT::behaviour, Duration.ofMillis(1));
    writeInput(ROWS);
    Files.write(dir.resolve("out.csv"), OLD);

    int status =
        run(
            "--workers",
            "2",
            "--hook-retries",
            "2",
            "--hook-fatal",
            IllegalArgumentException.class.getName());

    String log = Files.readString(dir.resolve("run.log"));
    assertThat(status).as(log).isEqualTo(1);
    assertThat(log).contains("HTTP 400");
    assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(OLD);
  }

  @Test
  void ctrlCDuringBackOffStopsPromptly() throws Exception {
    service = FlakyService.start(id -> Behaviour.unavailable(1_000), Duration.ofMillis(1));
    writeInput(20);
    Process process =
        Cli.start(
            dir,
            dir.resolve("run.log"),
            Map.of("ZOOPIPE_TEST_SERVICE", "http://127.0.0.1:" + service.port()),
            arguments(
                "--hook-retries", "10", "--hook-backoff", "30s,60s", "--hook-max-delay", "10m"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (service.distinctIds() < 20 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(service.distinctIds()).isEqualTo(20);

    long interrupted = System.nanoTime();
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(5));
    assertThat(process.exitValue()).isEqualTo(130);
    assertThat(service.totalRequests()).isEqualTo(20);
  }

  // --- helpers

  /** 3 of 10: 503 twice; 5 of 20: 429 once; 7 of 10: 400 always; row 42 hangs. */
  private static Behaviour behaviour(int id) {
    if (id == HANGING_ROW) {
      return Behaviour.HANG;
    }
    return switch (id % 10) {
      case 3 -> Behaviour.unavailable(2);
      case 5 -> id % 20 == 5 ? Behaviour.tooManyRequests(1) : Behaviour.OK;
      case 7 -> Behaviour.BAD_REQUEST;
      default -> Behaviour.OK;
    };
  }

  private static List<Integer> permanentlyFailing() {
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < ROWS; id++) {
      if (id % 10 == 7 || id == HANGING_ROW) {
        ids.add(id);
      }
    }
    return ids;
  }

  private int run(String... extra) throws Exception {
    return Cli.run(
        dir,
        dir.resolve("run.log"),
        Map.of("ZOOPIPE_TEST_SERVICE", "http://127.0.0.1:" + service.port()),
        arguments(extra));
  }

  private static String[] arguments(String... extra) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                "in.csv",
                "--output",
                "out.csv",
                "--errors",
                "errors.csv",
                "--post-hook",
                ServiceEnrichProcessor.class.getName(),
                "--threads",
                "2",
                "--batch-size",
                "25",
                "--progress",
                "none"));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  private void writeInput(int rows) throws Exception {
    StringBuilder csv = new StringBuilder("id,name\n");
    for (int id = 0; id < rows; id++) {
      csv.append(id).append(",name-").append(id).append('\n');
    }
    Files.writeString(dir.resolve("in.csv"), csv);
  }

  private static List<Integer> ids(Path csv) throws Exception {
    List<Integer> ids = new ArrayList<>();
    if (!Files.exists(csv)) {
      return ids;
    }
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      ids.add(Integer.parseInt(line.substring(0, line.indexOf(','))));
    }
    return ids;
  }
}
