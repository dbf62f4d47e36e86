package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.ErrorLimit;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.worker.InProcessWorkerLauncher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The error limit of a manager's job: one limit over all shards, with in-process workers. */
class ErrorLimitJobTest {
  private static final byte[] OLD = "old bytes\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void shardsThatEachStayUnderTheCountStillFailTheJobTogether() throws Exception {
    // 8 shards of 2,000 rows, a tenth malformed: about 200 errors each, 1,600 in all.
    PipeReport report = run(16_000, 10, new ErrorLimit(1_000, -1), 8);

    assertFailedByTheLimit(report, "(limit --max-errors 1000)");
    assertThat(report.errorCount()).isGreaterThan(1_000);
  }

  @Test
  void theRateIsJudgedOverTheJobsTotals() throws Exception {
    PipeReport failed = run(16_000, 4, new ErrorLimit(-1, 0.2), 4);
    assertFailedByTheLimit(failed, "(limit --max-error-rate 0.2)");

    PipeReport passed = run(16_000, 4, new ErrorLimit(-1, 0.3), 4);

    assertThat(passed.status())
        .as(String.valueOf(passed.exception()))
        .isEqualTo(PipeStatus.COMPLETED);
    assertThat(passed.errorCount()).isEqualTo(4_000);
  }

  @Test
  void maxErrorsZeroFailsOnTheFirstErrorOfAnyShard() throws Exception {
    PipeReport report = run(16_000, 15_999, new ErrorLimit(0, -1), 4);

    assertFailedByTheLimit(report, "(limit --max-errors 0)");
    assertThat(report.errorCount()).isEqualTo(1);
  }

  private void assertFailedByTheLimit(PipeReport report, String limit) throws Exception {
    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_ROW_ERRORS);
              assertThat(e.getMessage()).startsWith("too many row errors: ").endsWith(limit);
              assertThat(e.getMessage())
                  .contains(
                      String.format(
                          "%,d of %,d rows seen failed",
                          report.errorCount(), report.totalProcessed()));
            });
    assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(OLD);
    assertThat(Files.readAllBytes(dir.resolve("errors.csv"))).isEqualTo(OLD);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("in.csv", "out.csv", "errors.csv");
    }
  }

  private PipeReport run(int rows, int malformedEvery, ErrorLimit limit, int shards)
      throws Exception {
    Path input = TestData.csv(dir.resolve("in.csv"), 11, rows, -1, "", malformedEvery);
    Files.write(dir.resolve("out.csv"), OLD);
    Files.write(dir.resolve("errors.csv"), OLD);
    PipeDescription description =
        new PipeDescription(
            new DataDescription(Location.of(input), "csv", FormatOptions.none()),
            new DataDescription(Location.of(dir.resolve("out.csv")), "csv", FormatOptions.none()),
            new DataDescription(
                Location.of(dir.resolve("errors.csv")), "csv", FormatOptions.none()),
            null,
            List.of(),
            List.of(),
            new SingleThreadExecutor(100),
            limit);
    PipeManager manager =
        PipeManager.builder()
            .pipe(description)
            .workers(new InProcessWorkerLauncher(2))
            .shards(shards)
            .minShardBytes(1)
            .build();
    return manager.start().await();
  }
}
