package io.zoopipe.common.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.common.testing.AsyncEnrichProcessor;
import io.zoopipe.common.testing.EnrichProcessor;
import io.zoopipe.common.testing.FlakyService;
import io.zoopipe.common.testing.FlakyService.Behaviour;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retry, skip, per-row and asynchronous processors against a real HTTP service. */
class FaultTolerantPipeTest {
  private static final int ROWS = 120;
  private static final int HANGING_ROW = 42;
  private static final RetryPolicy RETRY =
      RetryPolicy.attempts(3)
          .withBackoff(Duration.ofMillis(5), 2, Duration.ofMillis(50))
          .withMaxTotalDelay(Duration.ofSeconds(5));

  private FlakyService service;

  @AfterEach
  void stopService() {
    if (service != null) {
      service.close();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void retriesTransientFailuresAndSkipsPermanentOnesRowByRow(int threads) throws Exception {
    service = FlakyService.start(FaultTolerantPipeTest::behaviour, Duration.ofMillis(1));
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();
    Pipe pipe =
        Pipe.builder()
            .input(rows(ROWS))
            .output(output)
            .errorOutput(errors)
            .processor(new EnrichProcessor(base()))
            .faultPolicy(FaultPolicy.retryAndSkip(RETRY))
            .executor(executor(threads))
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertEveryRowAccountedForInOrder(output, errors, ROWS, Set.of());
    assertThat(failedIds(errors)).containsExactlyElementsOf(permanentlyFailing(ROWS, false));
    assertThat(reasonOf(errors, 7)).contains("IllegalArgumentException: HTTP 400", "(1 attempt)");
    assertThat(report.faults().retries()).isEqualTo(service.totalRequests() - ROWS);
    assertThat(report.faults().skipped()).isEqualTo(permanentlyFailing(ROWS, false).size());
    assertThat(report.errorCount()).isEqualTo(report.faults().skipped());
    assertThat(service.requests(3)).isEqualTo(3); // two 503s, then 200
    assertThat(service.requests(5)).isEqualTo(2); // one 429, then 200
    assertThat(report.faults().backoff()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void asyncCallsStayWithinTheInFlightBoundAndTimeOut(int threads) throws Exception {
    service = FlakyService.start(FaultTolerantPipeTest::behaviourWithHang, Duration.ofMillis(20));
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();
    Pipe pipe =
        Pipe.builder()
            .input(rows(ROWS))
            .output(output)
            .errorOutput(errors)
            .asyncProcessor(new AsyncEnrichProcessor(base()))
            .faultPolicy(
                FaultPolicy.retryAndSkip(RETRY)
                    .withMaxInFlight(8)
                    .withCallTimeout(Duration.ofMillis(300)))
            .executor(executor(threads))
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertEveryRowAccountedForInOrder(output, errors, ROWS, Set.of());
    assertThat(failedIds(errors)).containsExactlyElementsOf(permanentlyFailing(ROWS, true));
    assertThat(reasonOf(errors, HANGING_ROW)).contains("TimeoutException", "(3 attempts)");
    assertThat(service.requests(HANGING_ROW)).isEqualTo(3);
    // A timed-out call gives its permit back while the service still holds the request.
    assertThat(service.peakInFlight()).isLessThanOrEqualTo(8 + service.requests(HANGING_ROW));
    assertThat(report.faults().retries()).isEqualTo(service.totalRequests() - ROWS);
    assertThat(report.faults().skipped()).isEqualTo(permanentlyFailing(ROWS, true).size());
  }

  @Test
  void asyncCallsOverlapBeyondTheThreadCount() throws Exception {
    service = FlakyService.start(id -> Behaviour.OK, Duration.ofMillis(50));
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    Pipe pipe =
        Pipe.builder()
            .input(rows(200))
            .output(output)
            .asyncProcessor(new AsyncEnrichProcessor(base()))
            .faultPolicy(FaultPolicy.NONE.withMaxInFlight(32))
            .executor(new MultiThreadExecutor(2, 50))
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.successCount()).isEqualTo(200);
    assertThat(service.peakInFlight()).isGreaterThan(8).isLessThanOrEqualTo(32);
    assertEveryRowAccountedForInOrder(output, new MemoryOutputAdapter(), 200, Set.of());
  }

  @Test
  void theRateLimitHoldsAtTheService() throws Exception {
    service = FlakyService.start(id -> Behaviour.OK, Duration.ofMillis(1));
    Pipe pipe =
        Pipe.builder()
            .input(rows(60))
            .output(new MemoryOutputAdapter())
            .asyncProcessor(new AsyncEnrichProcessor(base()))
            .faultPolicy(FaultPolicy.NONE.withRateLimit(20))
            .executor(new MultiThreadExecutor(2, 10))
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.successCount()).isEqualTo(60);
    assertThat(service.peakRequestsPerSecond()).isBetween(15, 21);
    assertThat(report.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void aFatalExceptionFailsTheRunAndLeavesTheOutputUnfinished() throws Exception {
    service = FlakyService.start(FaultTolerantPipeTest::behaviour, Duration.ofMillis(1));
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    Pipe pipe =
        Pipe.builder()
            .input(rows(ROWS))
            .output(output)
            .errorOutput(new MemoryOutputAdapter())
            .processor(new EnrichProcessor(base()))
            .faultPolicy(
                FaultPolicy.retryAndSkip(RETRY.withFatal(List.of(IllegalArgumentException.class))))
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.HOOK);
              assertThat(e.getMessage()).contains("HTTP 400", "position 7");
            });
    assertThat(output.isComplete()).isFalse();
  }

  @Test
  void skipsCountTowardTheErrorLimit() throws Exception {
    service = FlakyService.start(FaultTolerantPipeTest::behaviour, Duration.ofMillis(1));
    Pipe pipe =
        Pipe.builder()
            .input(rows(ROWS))
            .output(new MemoryOutputAdapter())
            .processor(new EnrichProcessor(base()))
            .faultPolicy(FaultPolicy.retryAndSkip(RETRY))
            .maxErrors(3)
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_ROW_ERRORS));
  }

  @Test
  void stoppingDuringBackOffEndsPromptly() throws Exception {
    service = FlakyService.start(id -> Behaviour.unavailable(100), Duration.ofMillis(1));
    Pipe pipe =
        Pipe.builder()
            .input(rows(10))
            .output(new MemoryOutputAdapter())
            .errorOutput(new MemoryOutputAdapter())
            .asyncProcessor(new AsyncEnrichProcessor(base()))
            .faultPolicy(
                FaultPolicy.retryAndSkip(
                    RetryPolicy.attempts(10)
                        .withBackoff(Duration.ofSeconds(30), 2, Duration.ofSeconds(60))
                        .withJitter(0)
                        .withMaxTotalDelay(Duration.ofMinutes(10))))
            .build();

    try (PipeExecution execution = pipe.start()) {
      while (service.distinctIds() < 10) {
        Thread.onSpinWait();
      }
      long stopped = System.nanoTime();
      execution.shutdown();

      assertThat(execution.await(Duration.ofSeconds(5))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(2));
      assertThat(execution.report().status()).isEqualTo(PipeStatus.ABORTED);
    }
  }

  @Test
  void aBatchHookIsScannedRowByRowSoOnlyFailingRowsAreSkipped() throws Exception {
    service = FlakyService.start(FaultTolerantPipeTest::behaviour, Duration.ofMillis(1));
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();
    EnrichProcessor enrich = new EnrichProcessor(base());
    Hook hook =
        (entries, store) -> {
          for (Entry entry : entries) {
            try {
              entry.setValidatedData(enrich.process(entry.rawData(), new RowContext(entry, store)));
            } catch (RuntimeException e) {
              throw e;
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          return entries;
        };
    Pipe pipe =
        Pipe.builder()
            .input(rows(ROWS))
            .output(output)
            .errorOutput(errors)
            .postValidationHook(hook)
            .faultPolicy(FaultPolicy.retryAndSkip(RETRY))
            .executor(new SingleThreadExecutor(25))
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertEveryRowAccountedForInOrder(output, errors, ROWS, Set.of());
    assertThat(failedIds(errors)).containsExactlyElementsOf(permanentlyFailing(ROWS, false));
    assertThat(report.faults().skipped()).isEqualTo(permanentlyFailing(ROWS, false).size());
  }

  @Test
  void aBatchAtomicHookIsRetriedOnTheWholeBatch() throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    List<Integer> calls = new ArrayList<>();
    Hook hook =
        new Hook() {
          @Override
          public List<Entry> execute(List<Entry> entries, HookStore store) {
            calls.add(entries.size());
            if (calls.size() == 1) {
              throw new RetryableRowException("the database is busy");
            }
            return entries;
          }

          @Override
          public boolean batchAtomic() {
            return true;
          }
        };
    Pipe pipe =
        Pipe.builder()
            .input(rows(10))
            .output(output)
            .postValidationHook(hook)
            .faultPolicy(FaultPolicy.retryAndSkip(RETRY))
            .executor(new SingleThreadExecutor(10))
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(calls).containsExactly(10, 10);
    assertThat(report.successCount()).isEqualTo(10);
    assertThat(report.faults().retries()).isEqualTo(1);
  }

  @Test
  void withoutAPolicyABatchHookExceptionStillFailsTheRun() throws Exception {
    Pipe pipe =
        Pipe.builder()
            .input(rows(10))
            .output(new MemoryOutputAdapter())
            .postValidationHook(
                (entries, store) -> {
                  throw new IllegalStateException("boom");
                })
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception()).hasMessageContaining("boom");
  }

  @Test
  void entriesCarryAStableIdempotencyKey() throws Exception {
    List<String> keys = java.util.Collections.synchronizedList(new ArrayList<>());
    Pipe pipe =
        Pipe.builder()
            .input(rows(3))
            .output(new MemoryOutputAdapter())
            .jobId("job-7")
            .processor(
                Map.class,
                (row, context) -> {
                  keys.add(context.idempotencyKey());
                  return row;
                })
            .build();

    pipe.run(ProgressListener.NONE);
    pipe.run(ProgressListener.NONE);

    assertThat(keys).hasSize(6);
    for (int i = 0; i < 3; i++) {
      assertThat(keys.get(i)).startsWith("job-7:").endsWith("#" + i);
    }
    assertThat(keys.subList(3, 6)).isEqualTo(keys.subList(0, 3));
  }

  // --- helpers

  /** 3 of 10: 503 twice; 5 of 10: 429 once; 7 of 10: 400 always. */
  private static Behaviour behaviour(int id) {
    return switch (id % 10) {
      case 3 -> Behaviour.unavailable(2);
      case 5 -> id % 20 == 5 ? Behaviour.tooManyRequests(1) : Behaviour.OK;
      case 7 -> Behaviour.BAD_REQUEST;
      default -> Behaviour.OK;
    };
  }

  private static Behaviour behaviourWithHang(int id) {
    return id == HANGING_ROW ? Behaviour.HANG : behaviour(id);
  }

  private static List<Integer> permanentlyFailing(int rows, boolean withHang) {
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < rows; id++) {
      if (id % 10 == 7 || (withHang && id == HANGING_ROW)) {
        ids.add(id);
      }
    }
    return ids;
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + service.port());
  }

  private static PipeExecutor executor(int threads) {
    return threads == 1 ? new SingleThreadExecutor(16) : new MultiThreadExecutor(threads, 16);
  }

  private static MemoryInputAdapter rows(int count) {
    return new MemoryInputAdapter(
        IntStream.range(0, count).mapToObj(i -> Map.of("id", String.valueOf(i))).toList());
  }

  private static void assertEveryRowAccountedForInOrder(
      MemoryOutputAdapter output, MemoryOutputAdapter errors, int rows, Set<Integer> ignored) {
    List<Integer> written = new ArrayList<>();
    for (Object record : output.records()) {
      Map<?, ?> row = (Map<?, ?>) record;
      int id = Integer.parseInt((String) row.get("id"));
      written.add(id);
    }
    assertThat(written).isSorted();
    Set<Integer> seen = new HashSet<>(written);
    assertThat(seen).hasSameSizeAs(written);
    for (int id : failedIds(errors)) {
      assertThat(seen.add(id)).as("row %d both written and failed", id).isTrue();
    }
    Set<Integer> expected = new HashSet<>();
    IntStream.range(0, rows).filter(i -> !ignored.contains(i)).forEach(expected::add);
    assertThat(seen).isEqualTo(expected);
  }

  private static List<Integer> failedIds(MemoryOutputAdapter errors) {
    List<Integer> ids = new ArrayList<>();
    for (Object record : errors.records()) {
      ids.add(Integer.parseInt((String) ((ErrorRow) record).raw().get("id")));
    }
    return ids;
  }

  private static String reasonOf(MemoryOutputAdapter errors, int id) {
    for (Object record : errors.records()) {
      ErrorRow row = (ErrorRow) record;
      if (String.valueOf(id).equals(row.raw().get("id"))) {
        return row.errorsText();
      }
    }
    throw new AssertionError("no error record for row " + id);
  }
}
