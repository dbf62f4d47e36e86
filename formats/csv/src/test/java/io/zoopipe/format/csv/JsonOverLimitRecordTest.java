package io.zoopipe.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.format.json.JsonFormat;
import io.zoopipe.format.json.JsonInputAdapter;
import io.zoopipe.format.json.JsonOutputAdapter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON Lines record over the record limit is one error record holding a bounded prefix of its
 * text, its size and the truncation marker, in every error output format, with the default heap.
 */
class JsonOverLimitRecordTest {
  private static final long MIB = 1 << 20;

  @Test
  void a15MibLineOverA1MibLimit(@TempDir Path dir) throws Exception {
    Path input = writeInput(dir.resolve("in.jsonl"), 15 * MIB);
    for (String errors : new String[] {"e.csv", "e.json", "e.jsonl"}) {
      check(dir, input, errors, (int) MIB, 15 * MIB);
    }
  }

  @Test
  void a200MibLineOverTheDefaultLimit(@TempDir Path dir) throws Exception {
    Path input = writeInput(dir.resolve("in.jsonl"), 200 * MIB);
    for (String errors : new String[] {"e.csv", "e.json", "e.jsonl"}) {
      check(dir, input, errors, JsonInputAdapter.DEFAULT_MAX_RECORD_BYTES, 200 * MIB);
    }
  }

  private static void check(Path dir, Path input, String errors, int limit, long lineBytes)
      throws Exception {
    Path errorFile = dir.resolve(errors);
    Path output = dir.resolve("out.jsonl");
    PipeReport report =
        Pipe.builder()
            .input(
                new JsonInputAdapter(Location.of(input), JsonFormat.JSONL)
                    .withMaxRecordBytes(limit))
            .output(new JsonOutputAdapter(Location.of(output), JsonFormat.JSONL))
            .errorOutput(errorOutput(errorFile))
            .executor(new SingleThreadExecutor(100))
            .build()
            .run(ProgressListener.NONE);

    assertThat(report.errorCount()).as(errors).isEqualTo(1);
    assertThat(report.successCount()).as(errors).isEqualTo(2);
    assertThat(Files.size(errorFile)).as(errors).isLessThan(8 * 1024);
    String text = Files.readString(errorFile);
    assertThat(text).as(errors).contains("[truncated: " + lineBytes + " bytes]");
    assertThat(text).as(errors).contains("big").contains("x".repeat(512));
    assertThat(Files.readString(output)).isEqualTo("{\"a\":1}\n{\"a\":2}\n");
  }

  private static OutputAdapter errorOutput(Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".csv")) {
      return new CsvOutputAdapter(Location.of(file), CsvOptions.defaults());
    }
    return new JsonOutputAdapter(
        Location.of(file), name.endsWith(".json") ? JsonFormat.ARRAY : JsonFormat.JSONL);
  }

  /** {"a":1}, one {"big":"xxx..."} line of {@code lineBytes} bytes, {"a":2}; streamed. */
  private static Path writeInput(Path file, long lineBytes) throws IOException {
    byte[] chunk = new byte[1 << 16];
    Arrays.fill(chunk, (byte) 'x');
    byte[] open = "{\"big\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] close = "\"}".getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      out.write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
      out.write(open);
      long left = lineBytes - open.length - close.length;
      while (left > 0) {
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
      out.write(close);
      out.write("\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }
}
