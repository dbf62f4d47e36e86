package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.endtoend.testing.UnluckyIdHook;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.worker.InProcessWorkerLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * and CRLF, the merged output and the merged error output equal the single-JVM outputs byte for
 * byte (compressed error outputs once decompressed: shards write one member each), and the counts
 * add up. Rows fail in every shard, by a hook and as malformed records, so error positions must be
 * global; error outputs rotate through CSV, JSON Lines, JSON arrays and gzip/zstd.
 */
class ShardedOutputPropertyTest {
  @TempDir Path dir;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    long seed = 1;
    for (String format : List.of("jsonl", "csv")) {
      // A JSON Lines input has no header, so its CSV error columns come from the first failed
      // row, which differs between shards when some fail malformed: JSON error outputs only.
      List<String> errorFormats =
          format.equals("csv")
              ? List.of("csv", "json", "csv.gz", "jsonl")
              : List.of("jsonl", "json", "jsonl.gz", "json.zst");
      for (int workers = 1; workers <= 4; workers++) {
        for (int shards : new int[] {1, 3, 17, 64}) {
          String errors = errorFormats.get((int) (seed % errorFormats.size()));
          cases.add(Arguments.of(format, workers, shards, seed++, errors));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1} workers, {2} shards, seed {3}, errors {4}")
  @MethodSource("cases")
  void mergedOutputEqualsSingleJvmOutput(
      String format, int workers, int shards, long seed, String errorFormat) throws Exception {
    Path input = dir.resolve("in." + format);
    int rows = 150 + (int) (seed * 7 % 100);
    if (format.equals("csv")) {
      TestData.csv(input, seed, rows, -1, "", 23);
    } else {
      TestData.jsonLines(input, seed, rows, -1, "", 23);
    }
    String extension = format.equals("csv") ? "csv" : "json";

    PipeReport single =
        runSingle(
            description(
                input,
                format,
                dir.resolve("single." + extension),
                dir.resolve("single-errors." + errorFormat)));
    PipeReport merged;
    try (ManagerExecution execution =
        PipeManager.builder()
            .pipe(
                description(
                    input,
                    format,
                    dir.resolve("merged." + extension),
                    dir.resolve("merged-errors." + errorFormat)))
            .workers(new InProcessWorkerLauncher(workers))
            .shards(shards)
            .build()
            .start()) {
      merged = execution.await();
    }

    assertThat(merged.status()).as("%s", merged.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(merged.totalProcessed()).isEqualTo(single.totalProcessed()).isEqualTo(rows);
    assertThat(merged.errorCount()).isEqualTo(single.errorCount()).isGreaterThan(rows / 7);
    assertThat(merged.successCount() + merged.errorCount() + merged.droppedCount())
        .isEqualTo(merged.totalProcessed());
    assertThat(Files.readAllBytes(dir.resolve("merged." + extension)))
        .isEqualTo(Files.readAllBytes(dir.resolve("single." + extension)));
    assertThat(errorText(dir.resolve("merged-errors." + errorFormat)))
        .isEqualTo(errorText(dir.resolve("single-errors." + errorFormat)));
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

  /** The error output as text, decompressed when its name says it is compressed. */
  private static String errorText(Path file) throws IOException {
    try (InputStream in =
        Compression.fromFileName(file.getFileName().toString())
            .decompress(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static PipeDescription description(Path input, String format, Path output, Path errors) {
    String inputFormat = format.equals("csv") ? "csv" : "jsonl";
    String outputFormat = format.equals("csv") ? "csv" : "json";
    PipeExecutor executor =
        format.equals("csv") ? new MultiThreadExecutor(2, 16) : new SingleThreadExecutor(16);
    return new PipeDescription(
        new DataDescription(Location.of(input), inputFormat, FormatOptions.none()),
        new DataDescription(Location.of(output), outputFormat, FormatOptions.none()),
        DataDescription.of(Location.of(errors)),
        null,
        List.of(),
        List.of(UnluckyIdHook.class.getName()),
        executor);
  }
}
