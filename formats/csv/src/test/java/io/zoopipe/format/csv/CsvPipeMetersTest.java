package io.zoopipe.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvPipeMetersTest {
  @Test
  void countsTheInputBytesOfAFile(@TempDir Path dir) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Path input = Files.writeString(dir.resolve("in.csv"), "age\n1\n2\n3\n");

    Pipe.builder()
        .input(new CsvInputAdapter(input.toString()))
        .output(new MemoryOutputAdapter())
        .meterRegistry(registry)
        .build()
        .run(ProgressListener.NONE);

    assertThat(registry.get("zoopipe.input.bytes").counter().count()).isEqualTo(10);
    assertThat(records(registry, "success")).isEqualTo(3);
  }

  private static double records(MeterRegistry registry, String outcome) {
    return registry.get("zoopipe.records").tag("outcome", outcome).counter().count();
  }
}
