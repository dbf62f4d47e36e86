package io.zoopipe.common.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.common.testing.AsyncEnrichProcessor;
import io.zoopipe.common.testing.FlakyService;
import io.zoopipe.common.testing.FlakyService.Behaviour;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fault meters move with the report's fault counts and with what the service saw. */
class FaultMetersTest {
  private static final int ROWS = 100;

  private static Behaviour behaviour(int id) {
    if (id % 10 == 3) {
      return Behaviour.unavailable(2);
    }
    return id % 25 == 7 ? Behaviour.BAD_REQUEST : Behaviour.OK;
  }

  @Test
  void retriesSkipsAndBackoffAreCountedAsTheReportHasThem() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PipeReport report;
    int serviceRetries;
    try (FlakyService service =
        FlakyService.start(FaultMetersTest::behaviour, Duration.ofMillis(1))) {
      Pipe pipe =
          Pipe.builder()
              .input(
                  new MemoryInputAdapter(
                      IntStream.range(0, ROWS)
                          .mapToObj(i -> Map.of("id", String.valueOf(i)))
                          .toList()))
              .output(new MemoryOutputAdapter())
              .errorOutput(new MemoryOutputAdapter())
              .asyncProcessor(
                  new AsyncEnrichProcessor(URI.create("http://127.0.0.1:" + service.port())))
              .faultPolicy(
                  FaultPolicy.retryAndSkip(
                      RetryPolicy.attempts(3)
                          .withBackoff(Duration.ofMillis(5), 2, Duration.ofMillis(20))))
              .executor(new MultiThreadExecutor(2, 10))
              .meterRegistry(registry)
              .build();
      report = pipe.run(ProgressListener.NONE);
      serviceRetries = service.totalRequests() - ROWS;
    }

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.faults().retries()).isEqualTo(20).isEqualTo(serviceRetries);
    assertThat(report.faults().skipped()).isEqualTo(4);
    assertThat(registry.get("zoopipe.hook.retries").counter().count()).isEqualTo(20);
    assertThat(registry.get("zoopipe.hook.skipped").counter().count()).isEqualTo(4);
    double backoffSeconds = registry.get("zoopipe.hook.backoff").counter().count();
    assertThat(backoffSeconds)
        .isGreaterThan(0)
        .isCloseTo(report.faults().backoff().toNanos() / 1e9, offset(1e-6));
  }
}
