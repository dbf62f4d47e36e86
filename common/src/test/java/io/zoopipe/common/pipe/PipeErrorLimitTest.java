package io.zoopipe.common.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipeErrorLimitTest {
  record Row(@Min(0) int age) {}

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void crossingMaxErrorsFailsTheRunQuicklyAndLeavesTheOutputsEmpty(int threads) throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();

    PipeReport report =
        pipe(rows(100_000, i -> "-1"), threads, output, errors).maxErrors(10).build().run(none());

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_ROW_ERRORS);
              assertThat(e.getMessage())
                  .matches(
                      "too many row errors: \\d+ of \\d+ rows seen failed \\(limit --max-errors"
                          + " 10\\)");
            });
    assertThat(report.errorCount()).isGreaterThan(10);
    assertThat(report.totalProcessed()).isLessThan(10_000); // stopped long before the end
    assertThat(report.toMap()).containsEntry("error_kind", "TOO_MANY_ROW_ERRORS");
    assertThat(output.records()).isEmpty();
    assertThat(errors.records()).isEmpty();
    assertThat(output.isComplete()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void maxErrorsZeroFailsOnOneBadRowAndAllowsNone(int threads) throws Exception {
    PipeReport failed =
        pipe(rows(500, i -> i == 321 ? "x" : "1"), threads, new MemoryOutputAdapter(), null)
            .maxErrors(0)
            .build()
            .run(none());
    PipeReport clean =
        pipe(rows(500, i -> "1"), threads, new MemoryOutputAdapter(), null)
            .maxErrors(0)
            .build()
            .run(none());

    assertThat(failed.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(failed.errorCount()).isEqualTo(1);
    assertThat(clean.status()).isEqualTo(PipeStatus.COMPLETED);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void errorsUpToTheLimitComplete(int threads) throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();

    PipeReport report =
        pipe(rows(1_000, i -> i % 100 == 0 ? "-1" : "1"), threads, output, null)
            .maxErrors(10)
            .maxErrorRate(0.01)
            .build()
            .run(none());

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.errorCount()).isEqualTo(10);
    assertThat(output.records()).hasSize(990);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void aBadStartDoesNotTripTheRateBeforeEnoughRowsWereSeen(int threads) throws Exception {
    // The first batch is 20% errors, the whole input 0.5%.
    PipeReport report =
        pipe(rows(2_000, i -> i < 10 ? "-1" : "1"), threads, new MemoryOutputAdapter(), null)
            .maxErrorRate(0.02)
            .build()
            .run(none());

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.errorCount()).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void theRateIsJudgedAtTheEndHoweverFewRowsThereAre(int threads) throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();

    PipeReport report =
        pipe(rows(10, i -> i < 3 ? "-1" : "1"), threads, output, null)
            .maxErrorRate(0.2)
            .build()
            .run(none());

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .hasMessage("too many row errors: 3 of 10 rows seen failed (limit --max-error-rate 0.2)");
    assertThat(output.records()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void hookFailuresCountAndDroppedRowsDoNot(int threads) throws Exception {
    Hook failEvenDropOdd =
        (entries, store) -> {
          for (Entry entry : entries) {
            if (entry.position() % 2 == 0) {
              entry.fail("even");
            } else {
              entry.drop();
            }
          }
          return entries;
        };
    PipeReport dropsOnly =
        Pipe.builder()
            .input(new MemoryInputAdapter(rows(1_000, i -> "1")))
            .output(new MemoryOutputAdapter())
            .preValidationHook((entries, store) -> dropAll(entries))
            .executor(executor(threads))
            .maxErrors(0)
            .build()
            .run(none());
    PipeReport failures =
        Pipe.builder()
            .input(new MemoryInputAdapter(rows(1_000, i -> "1")))
            .output(new MemoryOutputAdapter())
            .preValidationHook(failEvenDropOdd)
            .executor(executor(threads))
            .maxErrors(499)
            .build()
            .run(none());

    assertThat(dropsOnly.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(dropsOnly.droppedCount()).isEqualTo(1_000);
    assertThat(failures.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(failures.errorCount()).isEqualTo(500);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void theLimitTravelsWithToBuilder(int threads) throws Exception {
    Pipe pipe =
        pipe(rows(100, i -> "-1"), threads, new MemoryOutputAdapter(), null).maxErrors(5).build();

    assertThat(pipe.toBuilder().build().errorLimit()).isEqualTo(new ErrorLimit(5, -1));
    assertThat(pipe.toBuilder().build().run(none()).status()).isEqualTo(PipeStatus.FAILED);
  }

  private static List<Entry> dropAll(List<Entry> entries) {
    entries.forEach(Entry::drop);
    return entries;
  }

  private static Pipe.Builder pipe(
      List<Map<String, Object>> rows,
      int threads,
      MemoryOutputAdapter output,
      @Nullable MemoryOutputAdapter errors) {
    Pipe.Builder builder =
        Pipe.builder()
            .input(new MemoryInputAdapter(rows))
            .output(output)
            .schema(Row.class)
            .executor(executor(threads));
    if (errors != null) {
      builder.errorOutput(errors);
    }
    return builder;
  }

  private static List<Map<String, Object>> rows(
      int count, java.util.function.IntFunction<String> age) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("age", age.apply(i));
      rows.add(row);
    }
    return rows;
  }

  private static PipeExecutor executor(int threads) {
    return threads == 1 ? new SingleThreadExecutor(50) : new MultiThreadExecutor(threads, 50);
  }

  private static ProgressListener none() {
    return ProgressListener.NONE;
  }
}
