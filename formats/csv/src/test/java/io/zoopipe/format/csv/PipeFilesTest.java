package io.zoopipe.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipeExecution;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.format.json.JsonFormat;
import io.zoopipe.format.json.JsonOutputAdapter;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole pipes over real files: the multi-thread executor writes exactly what the single-thread one
 * writes, and a run shut down midway leaves output and error files that parse.
 */
class PipeFilesTest {
  private static final int ROWS = 100_000;

  record Person(@NotBlank String name, @Min(0) int age, @Email String email, String note) {}

  @TempDir Path dir;

  @Test
  void multiThreadFilesEqualSingleThreadFilesByteForByte() throws Exception {
    Path input = writeInput(dir.resolve("people.csv"), ROWS, new Random(11));
    for (String name : List.of("out.jsonl", "out.json", "out.csv")) {
      Path single = dir.resolve("single-" + name);
      Path multi = dir.resolve("multi-" + name);
      Path singleErrors = dir.resolve("single-errors-" + name + ".csv");
      Path multiErrors = dir.resolve("multi-errors-" + name + ".csv");

      PipeReport one = run(input, single, singleErrors, new SingleThreadExecutor());
      PipeReport many = run(input, multi, multiErrors, new MultiThreadExecutor(4, 997));

      assertThat(one.status()).isEqualTo(PipeStatus.COMPLETED);
      assertThat(one.totalProcessed()).isEqualTo(ROWS);
      assertThat(one.errorCount()).isBetween(ROWS / 50L, ROWS / 5L);
      assertThat(one.successCount() + one.errorCount()).isEqualTo(ROWS);
      assertThat(many.status()).isEqualTo(PipeStatus.COMPLETED);
      assertThat(many.successCount()).isEqualTo(one.successCount());
      assertThat(many.errorCount()).isEqualTo(one.errorCount());
      assertThat(Files.readAllBytes(multi)).as(name).isEqualTo(Files.readAllBytes(single));
      assertThat(Files.readAllBytes(multiErrors)).isEqualTo(Files.readAllBytes(singleErrors));
    }
  }

  @Test
  void executionsOfOnePipeAtOnceEachReadAndWriteTheWholeFile() throws Exception {
    Path input = writeInput(dir.resolve("people.csv"), 20_000, new Random(13));
    Path expected = dir.resolve("expected.jsonl");
    Path expectedErrors = dir.resolve("expected-errors.csv");
    run(input, expected, expectedErrors, new SingleThreadExecutor());
    Path output = dir.resolve("out.jsonl");
    Path errors = dir.resolve("errors.csv");
    Pipe pipe =
        Pipe.builder()
            .input(new CsvInputAdapter(Location.of(input), CsvOptions.defaults()))
            .output(new JsonOutputAdapter(Location.of(output), JsonFormat.JSONL))
            .errorOutput(new CsvOutputAdapter(Location.of(errors), CsvOptions.defaults()))
            .schema(Person.class)
            .executor(new MultiThreadExecutor(2, 500))
            .build();

    List<PipeReport> reports = new ArrayList<>();
    try (PipeExecution first = pipe.start();
        PipeExecution second = pipe.start()) {
      reports.add(first.await());
      reports.add(second.await());
    }

    assertThat(reports)
        .allSatisfy(
            report -> {
              assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
              assertThat(report.totalProcessed()).isEqualTo(20_000);
            });
    // Each execution wrote the whole output on its own and renamed it into place.
    assertThat(Files.readAllBytes(output)).isEqualTo(Files.readAllBytes(expected));
    assertThat(Files.readAllBytes(errors)).isEqualTo(Files.readAllBytes(expectedErrors));
  }

  @Test
  void shutdownMidRunStopsQuicklyAndLeavesFilesThatParse() throws Exception {
    Path input = writeInput(dir.resolve("long.csv"), 400_000, new Random(12));
    Path output = dir.resolve("out.json");
    Path errors = dir.resolve("errors.csv");
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger batches = new AtomicInteger();
    Hook slow =
        (entries, store) -> {
          if (batches.incrementAndGet() == 5) {
            started.countDown();
          }
          try {
            Thread.sleep(5); // 400 batches: about two seconds at the least, plenty to stop
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return entries;
        };
    Pipe pipe =
        Pipe.builder()
            .input(new CsvInputAdapter(Location.of(input), CsvOptions.defaults()))
            .output(new JsonOutputAdapter(Location.of(output), JsonFormat.ARRAY))
            .errorOutput(new CsvOutputAdapter(Location.of(errors), CsvOptions.defaults()))
            .schema(Person.class)
            .postValidationHook(slow)
            .executor(new MultiThreadExecutor(2, 1000))
            .build();

    PipeExecution execution = pipe.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    long stopping = System.nanoTime();
    execution.shutdown();

    assertThat(execution.await(Duration.ofSeconds(10))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
    PipeReport report = execution.report();
    assertThat(report.status()).isEqualTo(PipeStatus.ABORTED);
    assertThat(report.isFinished()).isTrue();
    assertThat(report.totalProcessed()).isBetween(1L, 399_999L);

    JsonNode written = new ObjectMapper().readTree(output.toFile());
    assertThat(written.isArray()).isTrue();
    assertThat((long) written.size()).isEqualTo(report.successCount());
    assertThat(written.get(0).get("name").asText()).isEqualTo("p0");
    List<Map<String, Object>> errorRows = readCsv(errors);
    assertThat((long) errorRows.size()).isEqualTo(report.errorCount());
    assertThat(errorRows).allSatisfy(row -> assertThat(row.get("_errors")).asString().isNotBlank());
  }

  private static PipeReport run(Path input, Path output, Path errors, PipeExecutor executor)
      throws InterruptedException {
    OutputAdapter out =
        output.toString().endsWith(".csv")
            ? new CsvOutputAdapter(Location.of(output), CsvOptions.defaults())
            : new JsonOutputAdapter(
                Location.of(output),
                output.toString().endsWith(".json") ? JsonFormat.ARRAY : JsonFormat.JSONL);
    return Pipe.builder()
        .input(new CsvInputAdapter(Location.of(input), CsvOptions.defaults()))
        .output(out)
        .errorOutput(new CsvOutputAdapter(Location.of(errors), CsvOptions.defaults()))
        .schema(Person.class)
        .executor(executor)
        .build()
        .run(ProgressListener.NONE);
  }

  /**
   * People with quoted notes (delimiters, doubled quotes, line breaks, multi-byte text), CRLF and
   * LF line ends, and about one row in ten invalid (blank name, negative or non-numeric age, bad
   * email) or malformed (a missing field).
   */
  private static Path writeInput(Path file, int rows, Random random) throws IOException {
    String[] notes = {"", "plain", "\"a, b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "Zoë 😀"};
    StringBuilder csv = new StringBuilder(rows * 48).append("name,age,email,note\n");
    for (int i = 0; i < rows; i++) {
      String name = "p" + i;
      String age = Integer.toString(random.nextInt(90));
      String email = name + "@example.com";
      String note = notes[random.nextInt(notes.length)];
      int fault = i == 0 ? 99 : random.nextInt(100);
      switch (fault) {
        case 0, 1 -> name = " ";
        case 2, 3 -> age = "-" + age;
        case 4 -> age = "x" + age;
        case 5, 6 -> email = "not-an-email";
        case 7 -> note = null; // one field short
        default -> {}
      }
      csv.append(name).append(',').append(age).append(',').append(email);
      if (note != null) {
        csv.append(',').append(note);
      }
      csv.append(random.nextInt(4) == 0 ? "\r\n" : "\n");
    }
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  /** The rows of a CSV file with a header, read back with this library's reader. */
  private static List<Map<String, Object>> readCsv(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (RecordReader reader =
        new CsvInputAdapter(Location.of(file), CsvOptions.defaults())
            .open(StorageFactory.defaults())) {
      for (RawBatch batch = reader.next(1000); batch != null; batch = reader.next(1000)) {
        for (Entry entry : batch.decode(ColumnSet.all())) {
          assertThat(entry.errors()).as("row %d of %s", entry.position(), file).isEmpty();
          rows.add(entry.rawData());
        }
      }
    }
    return rows;
  }
}
