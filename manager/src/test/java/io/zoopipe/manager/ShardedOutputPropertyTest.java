package io.zoopipe.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.Formats.Format;
import io.zoopipe.common.adapter.csv.CsvOptions;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.manager.launch.InProcessWorkerLauncher;
import io.zoopipe.manager.testing.TestData;
import io.zoopipe.worker.run.DataDescription;
import io.zoopipe.worker.run.PipeDescription;
import io.zoopipe.worker.run.PluginClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For 1 to 4 workers and up to 64 shards, on generated files with quoted newlines, multi-byte text
 * and CRLF, the merged output equals the single-JVM output byte for byte and the counts add up.
 */
class ShardedOutputPropertyTest {
  @TempDir Path dir;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    long seed = 1;
    for (String format : List.of("jsonl", "csv")) {
      for (int workers = 1; workers <= 4; workers++) {
        for (int shards : new int[] {1, 3, 17, 64}) {
          cases.add(Arguments.of(format, workers, shards, seed++));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1} workers, {2} shards, seed {3}")
  @MethodSource("cases")
  void mergedOutputEqualsSingleJvmOutput(String format, int workers, int shards, long seed)
      throws Exception {
    Path input = dir.resolve("in." + format);
    int rows = 150 + (int) (seed * 7 % 100);
    if (format.equals("csv")) {
      TestData.csv(input, seed, rows, -1, "");
    } else {
      TestData.jsonLines(input, seed, rows, -1, "");
    }
    String extension = format.equals("csv") ? "csv" : "json";

    PipeReport single = runSingle(description(input, format, dir.resolve("single." + extension)));
    PipeReport merged;
    try (PipeManager manager =
        PipeManager.builder()
            .pipe(description(input, format, dir.resolve("merged." + extension)))
            .workers(new InProcessWorkerLauncher(workers))
            .shards(shards)
            .build()) {
      merged = manager.run();
    }

    assertThat(merged.status()).as("%s", merged.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(merged.totalProcessed()).isEqualTo(single.totalProcessed()).isEqualTo(rows);
    assertThat(merged.successCount() + merged.errorCount() + merged.droppedCount())
        .isEqualTo(merged.totalProcessed());
    assertThat(Files.readAllBytes(dir.resolve("merged." + extension)))
        .isEqualTo(Files.readAllBytes(dir.resolve("single." + extension)));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("zoopipe")))
          .isEmpty();
    }
  }

  private static PipeReport runSingle(PipeDescription description) throws Exception {
    try (PluginClasses classes = new PluginClasses(List.of())) {
      return description.toPipe(classes).run(ProgressListener.NONE);
    }
  }

  private static PipeDescription description(Path input, String format, Path output) {
    Format inputFormat = format.equals("csv") ? Format.CSV : Format.JSONL;
    Format outputFormat = format.equals("csv") ? Format.CSV : Format.JSON;
    PipeExecutor executor =
        format.equals("csv") ? new MultiThreadExecutor(2, 16) : new SingleThreadExecutor(16);
    return new PipeDescription(
        new DataDescription(Location.of(input), inputFormat, CsvOptions.defaults()),
        new DataDescription(Location.of(output), outputFormat, CsvOptions.defaults()),
        null,
        null,
        List.of(),
        List.of(),
        executor);
  }
}
