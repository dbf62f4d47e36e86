package io.zoopipe.endtoend.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generates inputs that stress shard boundaries: multi-byte UTF-8 text, quoted fields with
 * delimiters, quotes and newlines, CRLF line ends, and optionally one record carrying a fault for
 * {@link FaultHook}. Deterministic for a seed.
 */
public final class TestData {
  private static final String[] WORDS = {
    "plain",
    "héllo",
    "naïve",
    "日本語",
    "emoji 🎉",
    "a,b",
    "say \"hi\"",
    "line\nbreak",
    "crlf\r\nend",
    "Ωmega",
    "",
    "x"
  };

  private TestData() {}

  /** A CSV file with a header {@code id,name,note,fault}; {@code faultRow} < 0 for none. */
  public static Path csv(Path file, long seed, int rows, int faultRow, String fault)
      throws IOException {
    return csv(file, seed, rows, faultRow, fault, 0);
  }

  /**
   * As {@link #csv(Path, long, int, int, String)}, and every {@code malformedEvery}-th row (0 for
   * none) has one field too many, which its reader reports as a malformed record.
   */
  public static Path csv(
      Path file, long seed, int rows, int faultRow, String fault, int malformedEvery)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder("id,name,note,fault\r\n");
    for (int i = 0; i < rows; i++) {
      if (malformedEvery > 0 && i % malformedEvery == malformedEvery - 1) {
        text.append(i).append(",too,many,fields,").append(csvField(word(random))).append('\n');
        continue;
      }
      text.append(i)
          .append(',')
          .append(csvField(word(random) + " " + word(random)))
          .append(',')
          .append(csvField(word(random)))
          .append(',')
          .append(i == faultRow ? csvField(fault) : "")
          .append(random.nextInt(3) == 0 ? "\r\n" : "\n");
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** A JSON Lines file of objects {@code id, name, note, fault}; {@code faultRow} < 0 for none. */
  public static Path jsonLines(Path file, long seed, int rows, int faultRow, String fault)
      throws IOException {
    return jsonLines(file, seed, rows, faultRow, fault, 0);
  }

  /**
   * As {@link #jsonLines(Path, long, int, int, String)}, and every {@code malformedEvery}-th line
   * (0 for none) is not valid JSON, which its reader reports as a malformed record.
   */
  public static Path jsonLines(
      Path file, long seed, int rows, int faultRow, String fault, int malformedEvery)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      if (malformedEvery > 0 && i % malformedEvery == malformedEvery - 1) {
        text.append("{\"id\":").append(i).append(",\"name\":naïve \"quoted\"}\n");
        continue;
      }
      text.append("{\"id\":")
          .append(i)
          .append(",\"name\":")
          .append(jsonString(word(random) + " " + word(random)))
          .append(",\"note\":")
          .append(jsonString(word(random)))
          .append(",\"fault\":")
          .append(jsonString(i == faultRow ? fault : ""))
          .append("}\n");
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static String word(SplittableRandom random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String csvField(String value) {
    boolean quote =
        value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  private static String jsonString(String value) {
    return "\""
        + value
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        + "\"";
  }
}
