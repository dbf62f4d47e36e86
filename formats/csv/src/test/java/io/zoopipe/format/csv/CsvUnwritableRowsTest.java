package io.zoopipe.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.format.json.JsonFormat;
import io.zoopipe.format.json.JsonInputAdapter;
import io.zoopipe.format.json.JsonOutputAdapter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows that the output cannot hold as they are become error records; none vanish. */
class CsvUnwritableRowsTest {
  @Test
  void aKeyFirstSeenInALaterRecordIsAnErrorRecordNamingIt(@TempDir Path dir) throws Exception {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"a\":1}\n{\"a\":2,\"b\":3}\n");

    PipeReport report =
        run(
            input,
            dir.resolve("out.csv"),
            dir.resolve("errors.jsonl"),
            CsvOptions.defaults(),
            1000);

    assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("a\n1\n");
    assertThat(report.successCount()).isEqualTo(1);
    assertThat(report.errorCount()).isEqualTo(1);
    String errors = Files.readString(dir.resolve("errors.jsonl"));
    assertThat(errors).contains("\"field\":\"b\"").contains("\"raw\":{\"a\":2,\"b\":3}");
    assertThat(errors).contains("--output-columns");
  }

  @Test
  void keysOutsideTheHeaderAreCaughtWhicheverThreadEncodedTheBatch(@TempDir Path dir)
      throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      lines.append(i % 7 == 3 ? "{\"a\":" + i + ",\"late\":true}\n" : "{\"a\":" + i + "}\n");
    }
    Path input = Files.writeString(dir.resolve("in.jsonl"), lines);

    PipeReport report =
        run(
            input,
            dir.resolve("out.csv"),
            dir.resolve("errors.csv"),
            CsvOptions.defaults(),
            new MultiThreadExecutor(4, 3));

    long late = lines.toString().lines().filter(line -> line.contains("late")).count();
    assertThat(report.errorCount()).isEqualTo(late);
    assertThat(report.successCount()).isEqualTo(400 - late);
    assertThat(Files.readAllLines(dir.resolve("out.csv"))).hasSize(1 + 400 - (int) late);
    List<String> errors = Files.readAllLines(dir.resolve("errors.csv"));
    assertThat(errors).hasSize(1 + (int) late);
    assertThat(errors.subList(1, errors.size()))
        .allSatisfy(row -> assertThat(row).contains("late"));
  }

  @Test
  void outputColumnsFixTheHeaderUpFront(@TempDir Path dir) throws Exception {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"a\":1}\n{\"a\":2,\"b\":3}\n");

    PipeReport report =
        run(
            input,
            dir.resolve("out.csv"),
            dir.resolve("errors.csv"),
            CsvOptions.defaults().withColumns("a", "b"),
            1000);

    assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("a,b\n1,\n2,3\n");
    assertThat(report.errorCount()).isZero();
  }

  @Test
  void anErrorRecordWithKeysOutsideTheErrorHeaderKeepsThemInItsRawText(@TempDir Path dir)
      throws Exception {
    Path input =
        Files.writeString(
            dir.resolve("in.jsonl"), "{\"a\":1}\n{\"a\":2,\"b\":3}\n{\"a\":4,\"c\":5}\n");

    run(input, dir.resolve("out.csv"), dir.resolve("errors.csv"), CsvOptions.defaults(), 1000);

    String errors = Files.readString(dir.resolve("errors.csv"));
    assertThat(errors).contains("2,3,1,").contains("\"{\"\"a\"\":4,\"\"c\"\":5}\"");
  }

  @Test
  void aNumberBeyondADoubleKeepsItsTextInCsvAndJson(@TempDir Path dir) throws Exception {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"n\":1e999999}\n{\"n\":2}\n");

    PipeReport csv =
        run(input, dir.resolve("out.csv"), dir.resolve("e1.jsonl"), CsvOptions.defaults(), 1000);
    PipeReport json = run(input, dir.resolve("out.jsonl"), dir.resolve("e2.jsonl"), null, 1000);

    assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("n\n1e999999\n2\n");
    assertThat(Files.readString(dir.resolve("out.jsonl")))
        .isEqualTo("{\"n\":1e999999}\n{\"n\":2}\n");
    assertThat(csv.successCount()).isEqualTo(2);
    assertThat(json.successCount()).isEqualTo(2);
  }

  @Test
  void aValueTheOutputCannotWriteIsThatRowsErrorRecordAndTheRunGoesOn(@TempDir Path dir)
      throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", i);
      // Plain notation of 1E+999999 is more than Jackson writes: that row cannot be JSON.
      row.put("amount", i == 2 ? new BigDecimal("1E+999999") : BigDecimal.valueOf(i));
      rows.add(row);
    }
    Path output = dir.resolve("out.jsonl");
    Path errors = dir.resolve("errors.jsonl");

    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(rows))
            .output(new JsonOutputAdapter(Location.of(output), JsonFormat.JSONL))
            .errorOutput(new JsonOutputAdapter(Location.of(errors), JsonFormat.JSONL))
            .executor(new SingleThreadExecutor(1000))
            .build()
            .run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.successCount()).isEqualTo(4);
    assertThat(report.errorCount()).isEqualTo(1);
    assertThat(Files.readAllLines(output)).hasSize(4).noneMatch(line -> line.contains("\"id\":2"));
    String error = Files.readString(errors);
    assertThat(error).contains("\"field\":\"amount\"").contains("\"type\":\"output\"");
    assertThat(error).contains("cannot be written to the output");
  }

  private static PipeReport run(
      Path input,
      Path output,
      Path errors,
      @org.jspecify.annotations.Nullable CsvOptions csv,
      int batch)
      throws InterruptedException {
    return run(input, output, errors, csv, new SingleThreadExecutor(batch));
  }

  private static PipeReport run(
      Path input,
      Path output,
      Path errors,
      @org.jspecify.annotations.Nullable CsvOptions csv,
      PipeExecutor executor)
      throws InterruptedException {
    OutputAdapter out =
        output.toString().endsWith(".csv")
            ? new CsvOutputAdapter(Location.of(output), csv == null ? CsvOptions.defaults() : csv)
            : new JsonOutputAdapter(Location.of(output), JsonFormat.JSONL);
    OutputAdapter errorOut =
        errors.toString().endsWith(".csv")
            ? new CsvOutputAdapter(Location.of(errors), CsvOptions.defaults())
            : new JsonOutputAdapter(Location.of(errors), JsonFormat.JSONL);
    return Pipe.builder()
        .input(new JsonInputAdapter(Location.of(input), JsonFormat.JSONL))
        .output(out)
        .errorOutput(errorOut)
        .executor(executor)
        .build()
        .run(ProgressListener.NONE);
  }
}
