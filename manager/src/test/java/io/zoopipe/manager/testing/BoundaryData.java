package io.zoopipe.manager.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * CSV inputs that stress shard boundaries: multi-byte UTF-8 text, quoted fields with delimiters,
 * quotes and newlines (which fool a reader guessing where a record starts), and CRLF line ends.
 * Deterministic for a seed.
 */
public final class BoundaryData {
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

  private BoundaryData() {}

  /** A CSV file with a header {@code id,name,note} and {@code rows} records. */
  public static Path csv(Path file, long seed, int rows) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder("id,name,note\r\n");
    for (int i = 0; i < rows; i++) {
      text.append(i)
          .append(',')
          .append(field(word(random) + " " + word(random)))
          .append(',')
          .append(field(word(random)))
          .append(random.nextInt(3) == 0 ? "\r\n" : "\n");
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static String word(SplittableRandom random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String field(String value) {
    boolean quote =
        value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }
}
