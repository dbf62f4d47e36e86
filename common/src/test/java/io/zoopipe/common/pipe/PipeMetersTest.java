package io.zoopipe.common.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import jakarta.validation.constraints.Min;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PipeMetersTest {
  record Row(@Min(0) int age) {}

  @Test
  void countsRecordsByOutcomeBatchesAndRuns() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Pipe pipe =
        Pipe.builder()
            .input(new MemoryInputAdapter(List.of(row(30), row(-5), row(41))))
            .output(new MemoryOutputAdapter())
            .errorOutput(new MemoryOutputAdapter())
            .schema(Row.class)
            .executor(new SingleThreadExecutor(2))
            .meterRegistry(registry)
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(records(registry, "success")).isEqualTo(2);
    assertThat(records(registry, "error")).isEqualTo(1);
    assertThat(records(registry, "dropped")).isZero();
    assertThat(registry.get("zoopipe.batches").counter().count()).isEqualTo(2);
    assertThat(registry.get("zoopipe.pipe.runs").tag("status", "completed").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("zoopipe.pipes.active").gauge().value()).isZero();
  }

  @Test
  void pipesSharingARegistryAddUpAndEveryMeterIsDescribed() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<Map<String, Object>> rows = IntStream.range(0, 1000).mapToObj(i -> row(i - 10)).toList();

    for (int i = 0; i < 2; i++) {
      Pipe.builder()
          .input(new MemoryInputAdapter(rows))
          .output(new MemoryOutputAdapter())
          .schema(Row.class)
          .executor(new MultiThreadExecutor(2, 100))
          .meterRegistry(registry)
          .build()
          .toBuilder() // the registry survives a copy
          .build()
          .run(ProgressListener.NONE);
    }

    assertThat(records(registry, "success")).isEqualTo(2 * 990);
    assertThat(records(registry, "error")).isEqualTo(2 * 10);
    assertThat(registry.get("zoopipe.batches").counter().count()).isEqualTo(2 * 10);
    assertThat(registry.get("zoopipe.pipe.runs").tag("status", "completed").counter().count())
        .isEqualTo(2);
    assertThat(registry.getMeters())
        .allSatisfy(meter -> assertThat(meter.getId().getDescription()).isNotBlank());
  }

  private static double records(MeterRegistry registry, String outcome) {
    return registry.get("zoopipe.records").tag("outcome", outcome).counter().count();
  }

  private static Map<String, Object> row(int age) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("age", String.valueOf(age));
    return row;
  }
}
