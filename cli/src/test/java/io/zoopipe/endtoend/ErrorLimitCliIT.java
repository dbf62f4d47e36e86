package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zoopipe run --max-errors} on two real worker JVMs. */
class ErrorLimitCliIT {
  private static final byte[] OLD_OUTPUT = "id,old\n1,kept\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OLD_ERRORS = "old errors\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void twoWorkersStopAtTheJobsLimitExitThreeAndLeaveTheDestinationsUntouched() throws Exception {
    TestData.csv(dir.resolve("in.csv"), 5, 40_000, -1, "", 2);
    Files.write(dir.resolve("out.csv"), OLD_OUTPUT);
    Files.write(dir.resolve("errors.csv"), OLD_ERRORS);

    int status =
        Cli.run(
            dir,
            dir.resolve("run.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            "out.csv",
            "--errors",
            "errors.csv",
            "--max-errors",
            "100",
            "--workers",
            "2",
            "--threads",
            "1",
            "--batch-size",
            "200",
            "--shards",
            "4",
            "--report",
            "report.json",
            "--progress",
            "none");

    String log = Files.readString(dir.resolve("run.log"));
    assertThat(status).as(log).isEqualTo(3);
    assertThat(log)
        .containsOnlyOnce("zoopipe run: failed: too many row errors: ")
        .contains("rows seen failed (limit --max-errors 100)");
    assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(OLD_OUTPUT);
    assertThat(Files.readAllBytes(dir.resolve("errors.csv"))).isEqualTo(OLD_ERRORS);
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    assertThat(report.get("error_kind").asText()).isEqualTo("TOO_MANY_ROW_ERRORS");
    assertThat(report.get("error_count").asLong()).isGreaterThan(100);
    assertThat(log)
        .contains(
            String.format(
                "%,d of %,d rows seen failed",
                report.get("error_count").asLong(), report.get("total_processed").asLong()));
    try (var files = Files.list(dir)) {
      assertThat(
              files
                  .map(p -> p.getFileName().toString())
                  .filter(name -> !name.startsWith("run.log")))
          .containsExactlyInAnyOrder("in.csv", "out.csv", "errors.csv", "report.json");
    }
  }
}
