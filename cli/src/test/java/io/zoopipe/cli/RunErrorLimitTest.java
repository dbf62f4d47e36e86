package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.endtoend.testing.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code zoopipe run --max-errors / --max-error-rate} in this JVM. */
class RunErrorLimitTest {
  private static final byte[] OLD_OUTPUT = "id,old\n1,kept\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OLD_ERRORS = "old errors\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"1", "3"})
  void crossingMaxErrorsExitsThreeAndLeavesBothDestinationsUntouched(String threads)
      throws Exception {
    Outcome outcome = run(threads, "--max-errors", "100");

    assertThat(outcome.status()).as(outcome.err()).isEqualTo(ZooPipeCli.EXIT_TOO_MANY_ERRORS);
    assertThat(outcome.err())
        .containsOnlyOnce("zoopipe run: failed: too many row errors: ")
        .matches(
            "(?s)zoopipe run: failed: too many row errors: [\\d,]+ of [\\d,]+ rows seen failed"
                + " \\(limit --max-errors 100\\)\\R");
    assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(OLD_OUTPUT);
    assertThat(Files.readAllBytes(dir.resolve("errors.csv"))).isEqualTo(OLD_ERRORS);
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("error_kind").asText()).isEqualTo("TOO_MANY_ROW_ERRORS");
    assertThat(report.get("error_count").asLong()).isGreaterThan(100);
    assertThat(report.get("total_processed").asLong()).isLessThan(20_000);
    assertThat(outcome.err())
        .contains(String.format("%,d of %,d rows seen", errors(report), seen(report)));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("in.csv", "out.csv", "errors.csv", "report.json");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "3"})
  void crossingTheRateExitsThree(String threads) throws Exception {
    Outcome outcome = run(threads, "--max-error-rate", "0.25");

    assertThat(outcome.status()).as(outcome.err()).isEqualTo(3);
    assertThat(outcome.err()).contains("(limit --max-error-rate 0.25)");
    assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(OLD_OUTPUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "3"})
  void errorsWithinTheLimitsComplete(String threads) throws Exception {
    Outcome outcome = run(threads, "--max-errors", "100000", "--max-error-rate", "0.5");

    assertThat(outcome.status()).as(outcome.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isNotEqualTo(OLD_OUTPUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--max-errors=-1", "--max-error-rate=1.5", "--max-errors=many"})
  void aBadLimitIsAUsageError(String option) throws Exception {
    Outcome outcome = run("1", option);

    assertThat(outcome.status()).isEqualTo(ZooPipeCli.EXIT_USAGE);
    assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(OLD_OUTPUT);
  }

  /** 40,000 rows, every other one malformed, into pre-existing outputs. */
  private Outcome run(String threads, String... options) throws Exception {
    TestData.csv(dir.resolve("in.csv"), 3, 40_000, -1, "", 2);
    Files.write(dir.resolve("out.csv"), OLD_OUTPUT);
    Files.write(dir.resolve("errors.csv"), OLD_ERRORS);
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                dir.resolve("in.csv").toString(),
                "--output",
                dir.resolve("out.csv").toString(),
                "--errors",
                dir.resolve("errors.csv").toString(),
                "--report",
                dir.resolve("report.json").toString(),
                "--threads",
                threads,
                "--batch-size",
                "500",
                "--progress",
                "none"));
    arguments.addAll(List.of(options));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        ZooPipeCli.execute(
            arguments.toArray(String[]::new),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Outcome(status, out.toString(), err.toString());
  }

  private static long errors(JsonNode report) {
    return report.get("error_count").asLong();
  }

  private static long seen(JsonNode report) {
    return report.get("total_processed").asLong();
  }

  private record Outcome(int status, String out, String err) {}
}
