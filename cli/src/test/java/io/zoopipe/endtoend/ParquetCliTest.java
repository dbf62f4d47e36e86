package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.InProcessCli;
import io.zoopipe.endtoend.testing.ParquetData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zoopipe run} with Parquet in and out, its options, and inputs that are not valid Parquet.
 */
class ParquetCliTest {
  @TempDir Path dir;

  private InProcessCli.Outcome run(String... arguments) {
    return InProcessCli.run(List.of(arguments));
  }

  @Test
  void csvToParquetWithOptionsThenParquetToJsonLines() throws Exception {
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, "id,name\n1,ann\n2,bob\n3,\"c, d\"\n", StandardCharsets.UTF_8);
    Path parquet = dir.resolve("out.parquet");
    InProcessCli.Outcome toParquet =
        run(
            "run",
            "--input",
            csv.toString(),
            "--output",
            parquet.toString(),
            "--output-option",
            "compression=zstd",
            "--progress",
            "none");
    assertThat(toParquet.status()).as(toParquet.err()).isZero();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT (SELECT string_agg(name, '|' ORDER BY id) FROM read_parquet('"
                    + parquet
                    + "')), (SELECT min(compression) FROM parquet_metadata('"
                    + parquet
                    + "'))")) {
      result.next();
      assertThat(result.getString(1)).isEqualTo("ann|bob|c, d");
      assertThat(result.getString(2)).isEqualToIgnoringCase("zstd");
    }

    Path jsonl = dir.resolve("back.jsonl");
    InProcessCli.Outcome toJson =
        run(
            "run",
            "--input",
            parquet.toString(),
            "--output",
            jsonl.toString(),
            "--progress",
            "none");
    assertThat(toJson.status()).as(toJson.err()).isZero();
    assertThat(Files.readString(jsonl))
        .isEqualTo(
            "{\"id\":\"1\",\"name\":\"ann\"}\n{\"id\":\"2\",\"name\":\"bob\"}\n"
                + "{\"id\":\"3\",\"name\":\"c, d\"}\n");
  }

  @Test
  void anOptionTheOutputFormatDoesNotTakeIsRefused() throws Exception {
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, "id\n1\n", StandardCharsets.UTF_8);
    InProcessCli.Outcome outcome =
        run(
            "run",
            "--input",
            csv.toString(),
            "--output",
            dir.resolve("out.parquet").toString(),
            "--output-option",
            "colour=blue",
            "--progress",
            "none");
    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.err()).contains("--output-option colour").contains("compression");
  }

  @Test
  void badParquetInputsFailWithOneLineNamingTheFile() throws Exception {
    Path good = ParquetData.users(dir.resolve("good.parquet"), 3, 300, 4_000, -1, null);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated =
        Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
    byte[] magic = bytes.clone();
    magic[magic.length - 1] = 'X';
    Path wrongMagic = Files.write(dir.resolve("magic.parquet"), magic);
    byte[] lying = bytes.clone();
    // The footer's length field (4 bytes before the closing magic) points before the file.
    lying[lying.length - 8] = (byte) 0xFF;
    lying[lying.length - 7] = (byte) 0xFF;
    lying[lying.length - 6] = (byte) 0xFF;
    lying[lying.length - 5] = (byte) 0x0F;
    Path liar = Files.write(dir.resolve("liar.parquet"), lying);
    Path text = Files.writeString(dir.resolve("text.parquet"), "id,name\n1,ann\n");
    for (Path input : List.of(truncated, wrongMagic, liar, text)) {
      Path output = dir.resolve("out-" + input.getFileName() + ".jsonl");
      InProcessCli.Outcome outcome =
          run(
              "run",
              "--input",
              input.toString(),
              "--output",
              output.toString(),
              "--progress",
              "none");
      assertThat(outcome.status()).as(outcome.err()).isNotZero();
      String message = errorLines(outcome.err());
      assertThat(message).as(outcome.err()).contains(input.toString()).doesNotContain("\n");
      assertThat(outcome.err()).doesNotContain("\tat ");
      assertThat(output).doesNotExist();
    }
  }

  @Test
  void aColumnTheSchemaNeedsThatTheFileLacksIsNamed() throws Exception {
    Path input = dir.resolve("narrow.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute(
          "COPY (SELECT 1::BIGINT AS id, 'ann' AS name, 5 AS score, DATE '2020-01-01' AS day)"
              + " TO '"
              + input
              + "' (FORMAT parquet)");
    }
    InProcessCli.Outcome outcome =
        run(
            "run",
            "--input",
            input.toString(),
            "--output",
            dir.resolve("out.jsonl").toString(),
            "--schema",
            ParquetShardsTest.User.class.getName(),
            "--progress",
            "none");
    assertThat(outcome.status()).as(outcome.err()).isNotZero();
    assertThat(errorLines(outcome.err())).contains("has no column tags").contains(input.toString());
    assertThat(outcome.err()).doesNotContain("\tat ");
  }

  @Test
  void projectionReadsOnlyTheColumnsTheSchemaNeeds() throws Exception {
    // 28 columns, 3 of which the schema reads: the bytes read are a fraction of the file.
    Path input = dir.resolve("wide.parquet");
    StringBuilder select = new StringBuilder("SELECT i::BIGINT AS id, 'user-' || i AS name,");
    select.append(" (i % 100)::INTEGER AS score, DATE '2020-01-01' + (i % 1000)::INTEGER AS day");
    for (int c = 0; c < 24; c++) {
      select.append(", md5((i * ").append(c + 1).append(")::VARCHAR) AS filler").append(c);
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute(
          "COPY ("
              + select
              + " FROM range(0, 20000) t(i)) TO '"
              + input
              + "' (FORMAT parquet, ROW_GROUP_SIZE 5000)");
    }
    Path report = dir.resolve("report.json");
    InProcessCli.Outcome outcome =
        run(
            "run",
            "--input",
            input.toString(),
            "--output",
            dir.resolve("out.jsonl").toString(),
            "--schema",
            ThreeColumns.class.getName(),
            "--report",
            report.toString(),
            "--progress",
            "none");
    assertThat(outcome.status()).as(outcome.err()).isZero();
    Map<?, ?> figures =
        new com.fasterxml.jackson.databind.ObjectMapper().readValue(report.toFile(), Map.class);
    long bytesRead = ((Number) figures.get("bytes_read")).longValue();
    long size = Files.size(input);
    assertThat(bytesRead).isPositive().isLessThan(size / 5);
    assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(20000);
  }

  /** Three of the wide file's columns. */
  public record ThreeColumns(long id, String name, int score) {}

  /** The lines of the run's error output that are not progress or log noise. */
  private static String errorLines(String err) {
    return err.lines()
        .filter(line -> line.contains("zoopipe run"))
        .reduce((a, b) -> a + "\n" + b)
        .orElse(err);
  }
}
