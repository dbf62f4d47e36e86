package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.endtoend.testing.Cli;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One field of 15 MiB or 200 MiB, over the 1 MiB field limit (and the 200 MiB one over the 16 MiB
 * record limit), quoted and unquoted, through the real jar with its 256 MiB heap, in one JVM and on
 * two worker JVMs: the run completes, the field's record is one error record, and the error output
 * holds a bounded prefix of it with its size, in every error format.
 */
class OverLimitFieldIT {
  private static final int MIB = 1 << 20;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} MiB quoted={1} errors.{2} workers={3}")
  @CsvSource({
    "15, false, jsonl, 0",
    "15, true, json, 2",
    "15, false, csv, 2",
    "200, false, csv, 0",
    "200, true, jsonl, 2",
    "200, true, json, 0",
  })
  void aHugeFieldIsOneBoundedErrorRecord(int mebibytes, boolean quoted, String format, int workers)
      throws Exception {
    Path input = dir.resolve("in.csv");
    long fieldBytes = write(input, (long) mebibytes * MIB, quoted, quoted && mebibytes < 16);
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                "in.csv",
                "--output",
                "out.csv",
                "--errors",
                "errors." + format,
                "--report",
                "report.json",
                "--progress",
                "none"));
    if (workers > 0) {
      args.addAll(List.of("--workers", String.valueOf(workers), "--threads", "1"));
    }

    int status = Cli.run(dir, dir.resolve("run.log"), args.toArray(String[]::new));

    assertThat(status).as(Files.readString(dir.resolve("run.log"))).isZero();
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("total_processed").asLong()).isEqualTo(3);
    assertThat(report.get("error_count").asLong()).isEqualTo(1);
    Path errors = dir.resolve("errors." + format);
    assertThat(Files.size(errors)).isLessThan(200_000);
    String text = Files.readString(errors);
    long recordBytes = fieldBytes + 2 + (quoted ? 2 : 0);
    // Under the 16 MiB record limit the field is reported as such; over it, the record is cut.
    long reported = mebibytes < 16 ? fieldBytes : recordBytes;
    assertThat(text)
        .contains(
            (mebibytes < 16 ? "field of " : "") + reported + " bytes",
            "truncated: " + reported + " bytes]");
    assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("id,text\n1,short\n3,ok\n");
  }

  @ParameterizedTest(name = "40 MiB quoted with line breaks, workers={0}")
  @ValueSource(ints = {0, 2})
  void aQuotedFieldWithLineBreaksOverTheRecordLimitIsOneErrorRecord(int workers) throws Exception {
    long fieldBytes = write(dir.resolve("in.csv"), 40L * MIB, true, true);
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                "in.csv",
                "--output",
                "out.csv",
                "--errors",
                "errors.jsonl",
                "--report",
                "report.json",
                "--progress",
                "none"));
    if (workers > 0) {
      args.addAll(List.of("--workers", String.valueOf(workers), "--threads", "1"));
    }

    int status = Cli.run(dir, dir.resolve("run.log"), args.toArray(String[]::new));

    assertThat(status).as(Files.readString(dir.resolve("run.log"))).isZero();
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("total_processed").asLong()).isEqualTo(3);
    assertThat(report.get("error_count").asLong()).isEqualTo(1);
    assertThat(Files.size(dir.resolve("errors.jsonl"))).isLessThan(200_000);
    assertThat(Files.readString(dir.resolve("errors.jsonl")))
        .contains("a record of " + (fieldBytes + 4) + " bytes at byte 16 is longer")
        .contains("has line breaks inside, and reading resumed after the record's end");
    assertThat(Files.readString(dir.resolve("out.csv"))).isEqualTo("id,text\n1,short\n3,ok\n");
  }

  /**
   * Writes a header, a short row, a row whose text field has {@code size} bytes (quoted or not,
   * with a line break every KiB when {@code breaks}), and a short row; streamed, never held.
   * Returns the field's size in bytes, its quotes excluded.
   */
  private static long write(Path file, long size, boolean quoted, boolean breaks)
      throws IOException {
    char[] chunk = new char[64 << 10];
    Arrays.fill(chunk, 'x');
    if (breaks) {
      for (int i = 1023; i < chunk.length; i += 1024) {
        chunk[i] = '\n';
      }
    }
    try (Writer out =
        new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII), 1 << 16)) {
      out.write("id,text\n1,short\n2,");
      if (quoted) {
        out.write('"');
      }
      for (long written = 0; written < size; written += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
      }
      if (quoted) {
        out.write('"');
      }
      out.write("\n3,ok\n");
    }
    return size;
  }
}
