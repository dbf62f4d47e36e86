package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.Utf8RowsBatch;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.format.csv.CsvInputAdapter;
import io.zoopipe.format.csv.CsvOutputAdapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV -> Parquet without schema or hooks takes the values' UTF-8 bytes straight from the CSV
 * ({@link Utf8RowsBatch}): the file is byte for byte the one the general path writes (decoded
 * strings, prepared rows), the error records the same, for one thread and several.
 */
class CsvToParquetFastPathTest {
  @TempDir Path directory;

  /** A hook that changes nothing: its presence makes the pipe decode every row. */
  private static final Hook UNCHANGED = (entries, store) -> entries;

  private Path csv() throws Exception {
    Random random = new Random(3);
    StringBuilder text = new StringBuilder("id,name,city,note,empty\n");
    String[] pieces = {"a", "Zoë", "日本", "😀", "x\"\"y", ",", "\n", " ", "plain"};
    for (int i = 0; i < 20_000; i++) {
      if (i % 997 == 5) {
        text.append(i).append(",too,few\n");
        continue;
      }
      if (i % 1499 == 7) {
        text.append(i).append(",\"unclosed,x,y,z\n");
        continue;
      }
      StringBuilder note = new StringBuilder();
      for (int p = random.nextInt(4); p > 0; p--) {
        note.append(pieces[random.nextInt(pieces.length)]);
      }
      text.append(i)
          .append(',')
          .append("name-")
          .append(i % 300)
          .append(',')
          .append(i % 3 == 0 ? "\"Köln\"" : "Lyon")
          .append(",\"")
          .append(note)
          .append("\",")
          .append(i % 2 == 0 ? "\r\n" : "\n");
    }
    Path file = directory.resolve("in.csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private PipeReport run(Path in, Path out, Path errors, int threads, boolean fast)
      throws Exception {
    Pipe.Builder pipe =
        Pipe.builder()
            .input(new CsvInputAdapter(in.toString()))
            .output(
                new ParquetOutputAdapter(
                    Location.of(out),
                    new ParquetWriteOptions(
                        org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY,
                        64 << 10,
                        8 << 10,
                        true,
                        2)))
            .errorOutput(new CsvOutputAdapter(errors.toString()))
            .executor(
                threads == 1
                    ? new SingleThreadExecutor(500)
                    : new MultiThreadExecutor(threads, 500));
    if (!fast) {
      pipe.postValidationHook(UNCHANGED);
    }
    return pipe.build().run();
  }

  @Test
  void theFastPathWritesTheFileTheGeneralPathWrites() throws Exception {
    Path in = csv();
    Path general = directory.resolve("general.parquet");
    Path generalErrors = directory.resolve("general-errors.csv");
    PipeReport expected = run(in, general, generalErrors, 2, false);
    assertThat(expected.exception()).isNull();
    assertThat(expected.errorCount()).isPositive();
    for (int threads : new int[] {1, 2}) {
      Path fast = directory.resolve("fast-" + threads + ".parquet");
      Path fastErrors = directory.resolve("fast-errors-" + threads + ".csv");
      PipeReport report = run(in, fast, fastErrors, threads, true);
      assertThat(report.exception()).isNull();
      assertThat(report.successCount()).isEqualTo(expected.successCount());
      assertThat(report.errorCount()).isEqualTo(expected.errorCount());
      assertThat(Files.readAllBytes(fast))
          .as("threads=%d", threads)
          .isEqualTo(Files.readAllBytes(general));
      assertThat(Files.readAllLines(fastErrors)).isEqualTo(Files.readAllLines(generalErrors));
    }
    try (DuckDb duck = new DuckDb()) {
      assertThat(
              duck.query(
                  "SELECT name, city, note, empty FROM read_parquet("
                      + DuckDb.quote(general)
                      + ") WHERE id = '3'"))
          .hasSize(1)
          .allSatisfy(
              row -> {
                assertThat(row.get("name")).isEqualTo("name-3");
                assertThat(row.get("city")).isEqualTo("Köln");
                assertThat(row.get("empty")).isEqualTo("");
              });
    }
  }

  @Test
  void theSinkTakesUtf8RowsOnlyForStringColumnsWithoutASchemaType() throws Exception {
    Utf8RowsBatch.Utf8Rows rows =
        new Utf8RowsBatch.Utf8Rows(
            List.of("a", "b"),
            "xy".getBytes(StandardCharsets.UTF_8),
            new int[] {0, 1, 1, 2},
            1,
            List.of());
    ParquetOutputAdapter adapter =
        new ParquetOutputAdapter(directory.resolve("a.parquet").toString());
    ParquetOutputSink strings =
        (ParquetOutputSink)
            adapter.open(StorageFactory.defaults(), new OutputContext(List.of("a", "b"), null));
    try {
      assertThat(strings.encodeUtf8(rows)).isNotNull();
      assertThat(
              strings.encodeUtf8(
                  new Utf8RowsBatch.Utf8Rows(
                      List.of("a", "c"), rows.bytes(), rows.bounds(), 1, List.of())))
          .as("other columns than the schema fixed")
          .isNull();
    } finally {
      strings.abort();
    }
    record Typed(String a, String b) {}
    ParquetOutputSink typed =
        (ParquetOutputSink)
            new ParquetOutputAdapter(directory.resolve("b.parquet").toString())
                .open(StorageFactory.defaults(), new OutputContext(List.of("a", "b"), Typed.class));
    try {
      assertThat(typed.encodeUtf8(rows)).as("a schema type fixes the columns").isNull();
    } finally {
      typed.abort();
    }
    ParquetOutputSink numbers =
        (ParquetOutputSink)
            new ParquetOutputAdapter(directory.resolve("c.parquet").toString())
                .open(StorageFactory.defaults(), new OutputContext(List.of("a", "b"), null));
    try {
      numbers.encode(List.of(Map.of("a", 1, "b", 2)));
      assertThat(numbers.encodeUtf8(rows)).as("the first record fixed INT32 columns").isNull();
    } finally {
      numbers.abort();
    }
  }
}
