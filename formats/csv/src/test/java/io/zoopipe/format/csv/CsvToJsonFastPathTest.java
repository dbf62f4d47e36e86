package io.zoopipe.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.format.json.JsonFormat;
import io.zoopipe.format.json.JsonOutputAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV to JSON pipe with no schema and no hooks writes its rows straight from their bytes; it must
 * write exactly what the general path (the same pipe with a hook that changes nothing) writes: the
 * output, the error file and the counts, for JSON Lines, arrays and compressed output, with one
 * thread and with several.
 */
class CsvToJsonFastPathTest {
  @TempDir Path dir;

  @Test
  void theFastPathWritesWhatTheGeneralPathWrites() throws Exception {
    Path input = dir.resolve("in.csv");
    Files.write(input, csv(new Random(3), 20_000));
    for (String outputName : List.of("out.jsonl", "out.json", "out.jsonl.gz")) {
      JsonFormat format = outputName.equals("out.json") ? JsonFormat.ARRAY : JsonFormat.JSONL;
      for (PipeExecutor executor :
          List.of(new SingleThreadExecutor(500), new MultiThreadExecutor(3, 257))) {
        Path fast = dir.resolve("fast-" + outputName);
        Path general = dir.resolve("general-" + outputName);
        PipeReport fastReport = run(input, fast, dir.resolve("fast-errors.csv"), format, executor);
        PipeReport generalReport =
            run(input, general, dir.resolve("general-errors.csv"), format, executor, true);

        assertThat(fastReport.status()).isEqualTo(PipeStatus.COMPLETED);
        assertThat(fastReport.totalProcessed()).isEqualTo(20_001);
        assertThat(fastReport.errorCount()).isGreaterThan(100);
        assertThat(fastReport.totalProcessed()).isEqualTo(generalReport.totalProcessed());
        assertThat(fastReport.successCount()).isEqualTo(generalReport.successCount());
        assertThat(fastReport.errorCount()).isEqualTo(generalReport.errorCount());
        assertThat(text(fast)).isEqualTo(text(general));
        assertThat(Files.readAllBytes(fast)).isEqualTo(Files.readAllBytes(general));
        assertThat(Files.readString(dir.resolve("fast-errors.csv")))
            .isEqualTo(Files.readString(dir.resolve("general-errors.csv")))
            .contains("bytes not valid UTF-8 at byte 2 of the record")
            .contains(",OSz/LHg=\n"); // the bytes of 9,\xFF,x
      }
    }
  }

  @Test
  void anInputOfOnlyBadRowsGivesAValidEmptyArray() throws Exception {
    Path input = dir.resolve("bad.csv");
    Files.writeString(input, "a,b\n1\n1,2,3\n");
    Path output = dir.resolve("out.json");

    PipeReport report =
        run(input, output, dir.resolve("errors.csv"), JsonFormat.ARRAY, new SingleThreadExecutor());

    assertThat(report.errorCount()).isEqualTo(2);
    assertThat(report.successCount()).isZero();
    assertThat(Files.readString(output)).isEqualTo("[]\n");
  }

  private static PipeReport run(
      Path input, Path output, Path errors, JsonFormat format, PipeExecutor executor)
      throws Exception {
    return run(input, output, errors, format, executor, false);
  }

  private static PipeReport run(
      Path input, Path output, Path errors, JsonFormat format, PipeExecutor executor, boolean hook)
      throws Exception {
    Pipe.Builder builder =
        Pipe.builder()
            .input(new CsvInputAdapter(Location.of(input), CsvOptions.defaults()))
            .output(new JsonOutputAdapter(Location.of(output), format))
            .errorOutput(new CsvOutputAdapter(Location.of(errors), CsvOptions.defaults()))
            .executor(executor);
    if (hook) {
      builder.postValidationHook((entries, store) -> entries);
    }
    return builder.build().run(ProgressListener.NONE);
  }

  private static String text(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      InputStream content = file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
      return new String(content.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A header and rows of 3 fields: quotes, escapes, multi-byte text, LF, CRLF and lone CR endings,
   * and some bad rows.
   */
  private static byte[] csv(Random random, int rows) {
    String[] values = {
      "plain",
      "\"q\"\"uoted\"",
      "\"line\nbreak\"",
      "\"carriage\rreturn\"",
      "Zoë 😀",
      "back\\slash",
      "",
      "\t"
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("id,name,note\n".getBytes(StandardCharsets.UTF_8));
    for (int row = 0; row < rows; row++) {
      int kind = random.nextInt(100);
      if (kind == 0) {
        out.writeBytes((row + ",missing\n").getBytes(StandardCharsets.UTF_8));
      } else if (kind == 1) {
        out.writeBytes(new byte[] {'9', ',', (byte) 0xFF, ',', 'x', '\n'});
      } else {
        String line =
            row
                + ","
                + values[random.nextInt(values.length)]
                + ","
                + values[random.nextInt(values.length)];
        String ending = kind < 20 ? "\r\n" : kind < 30 ? "\r" : "\n";
        out.writeBytes((line + ending).getBytes(StandardCharsets.UTF_8));
      }
    }
    out.writeBytes("last,\"unterminated\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
