package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.ErrorLimit;
import io.zoopipe.common.pipe.FaultPolicy;
import io.zoopipe.common.pipe.RetryPolicy;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.testing.AsyncEnrichProcessor;
import io.zoopipe.common.testing.FlakyService;
import io.zoopipe.common.testing.FlakyService.Behaviour;
import io.zoopipe.common.testing.ServiceResponses;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.worker.InProcessWorkerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manager's job with a fault policy, on two in-process workers. */
class FaultPolicyJobTest {
  @TempDir Path dir;
  private FlakyService service;

  @BeforeEach
  void startService() throws Exception {
    service =
        FlakyService.start(
            id -> id % 10 == 3 ? Behaviour.unavailable(1) : Behaviour.OK, Duration.ofMillis(1));
    System.setProperty(ServiceResponses.PROPERTY, "http://127.0.0.1:" + service.port());
  }

  @AfterEach
  void stopService() {
    System.clearProperty(ServiceResponses.PROPERTY);
    service.close();
  }

  @Test
  void eachWorkerGetsItsShareOfTheRateLimitAndTheCountsAddUp() throws Exception {
    StringBuilder csv = new StringBuilder("id\n");
    for (int id = 0; id < 160; id++) {
      csv.append(id).append('\n');
    }
    Files.writeString(dir.resolve("in.csv"), csv);
    FaultPolicy policy =
        FaultPolicy.retryAndSkip(
                RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(5), 2, Duration.ofMillis(20)))
            .withRateLimit(40);

    PipeReport report = run(policy, 4);

    assertThat(report.status())
        .as(String.valueOf(report.exception()))
        .isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.successCount()).isEqualTo(160);
    assertThat(report.faults().retries()).isEqualTo(16).isEqualTo(service.totalRequests() - 160);
    // Each worker's limiter spaces its calls' starts 50 ms apart (20 a second each); at the
    // service a call that a busy machine delayed on its way can land in the next second beside
    // that second's own, so a second may see one more per worker. The span shows the limit held
    // over the whole run: at 40 a second, 176 calls (less one per worker's first) take 4.3 s.
    assertThat(service.peakRequestsPerSecond()).as(service.timeline()).isBetween(25, 44);
    assertThat(service.requestSpan()).isGreaterThanOrEqualTo(Duration.ofMillis(4000));
  }

  private PipeReport run(FaultPolicy policy, int shards) throws Exception {
    PipeDescription description =
        new PipeDescription(
            new DataDescription(Location.of(dir.resolve("in.csv")), "csv", FormatOptions.none()),
            new DataDescription(Location.of(dir.resolve("out.csv")), "csv", FormatOptions.none()),
            null,
            null,
            List.of(),
            List.of(AsyncEnrichProcessor.class.getName()),
            new MultiThreadExecutor(2, 10),
            ErrorLimit.NONE,
            policy);
    PipeManager manager =
        PipeManager.builder()
            .pipe(description)
            .workers(new InProcessWorkerLauncher(2))
            .shards(shards)
            .minShardBytes(1)
            .build();
    return manager.start().await();
  }
}
