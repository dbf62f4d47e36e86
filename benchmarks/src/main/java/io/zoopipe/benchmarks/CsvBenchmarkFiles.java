package io.zoopipe.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generates the benchmarks' CSV files once (they are kept between runs): ids, emails, timestamps,
 * amounts, quoted names with commas and free text. Deterministic for given arguments. Stateless.
 */
final class CsvBenchmarkFiles {
  private static final String TEXT =
      "some free text of moderate length as a description or a comment field would hold it; "
          .repeat(4);

  private CsvBenchmarkFiles() {}

  /** A CSV at {@code file} of {@code rows} rows and {@code columns} columns, unless it exists. */
  static Path generate(Path file, int columns, int textLength, int rows) throws IOException {
    if (Files.exists(file)) {
      return file;
    }
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Random random = new Random(columns);
    try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      for (int c = 0; c < columns; c++) {
        out.write(c == 0 ? "c0" : ",c" + c);
      }
      out.write('\n');
      StringBuilder line = new StringBuilder(1024);
      for (int row = 0; row < rows; row++) {
        line.setLength(0);
        for (int c = 0; c < columns; c++) {
          if (c > 0) {
            line.append(',');
          }
          switch (c % 7) {
            case 0 -> line.append(row * 31L + c);
            case 1 -> line.append("user_").append(random.nextInt(1_000_000)).append("@example.com");
            case 2 ->
                line.append("2024-0")
                    .append(1 + random.nextInt(9))
                    .append("-1")
                    .append(random.nextInt(10))
                    .append("T12:34:56Z");
            case 3 -> line.append(random.nextInt(100_000)).append('.').append(random.nextInt(100));
            case 4 ->
                line.append("\"Lastname, Firstname ").append(random.nextInt(1000)).append('"');
            case 5 ->
                line.append(TEXT, 0, textLength - 11).append(' ').append(random.nextInt(1 << 30));
            default -> line.append(random.nextBoolean() ? "active" : "inactive");
          }
        }
        line.append('\n');
        out.append(line);
      }
    }
    Files.move(partial, file);
    return file;
  }
}
