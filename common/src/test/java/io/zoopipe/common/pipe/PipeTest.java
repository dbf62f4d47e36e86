package io.zoopipe.common.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipeTest {
  record User(@NotBlank String name, @Min(0) int age, @Email String email) {}

  @Test
  void routesInvalidRowsToTheErrorOutputAndCountsEverything() throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();
    Pipe pipe =
        Pipe.builder()
            .input(input(user("ana", "30"), user("bob", "-5"), user("cy", "41")))
            .output(output)
            .errorOutput(errors)
            .schema(User.class)
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.totalProcessed()).isEqualTo(3);
    assertThat(report.successCount()).isEqualTo(2);
    assertThat(report.errorCount()).isEqualTo(1);
    assertThat(output.records())
        .containsExactly(
            new User("ana", 30, "ana@example.com"), new User("cy", 41, "cy@example.com"));
    assertThat(errors.records())
        .singleElement()
        .isInstanceOfSatisfying(
            ErrorRow.class,
            row -> {
              assertThat(row.position()).isEqualTo(1);
              assertThat(row.raw()).containsEntry("name", "bob").containsEntry("age", "-5");
              assertThat(row.errors())
                  .singleElement()
                  .satisfies(v -> assertThat(v.field()).isEqualTo("age"));
            });
  }

  @Test
  void withoutAnErrorOutputFailedRowsAreCountedAndDropped() throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    Pipe pipe =
        Pipe.builder()
            .input(input(user("ana", "x"), user("bob", "2")))
            .output(output)
            .schema(User.class)
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.errorCount()).isEqualTo(1);
    assertThat(report.successCount()).isEqualTo(1);
    assertThat(output.records()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void validRowsInABatchWithInvalidRowsAreWrittenTyped(int threads) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(user("u" + i, i % 7 == 0 ? "bad" : Integer.toString(i)));
    }
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();

    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(rows))
            .output(output)
            .errorOutput(errors)
            .schema(User.class)
            .executor(executor(threads, 64))
            .build()
            .run(ProgressListener.NONE);

    assertThat(report.successCount() + report.errorCount()).isEqualTo(1000);
    assertThat(output.records())
        .hasSize(857)
        .allSatisfy(r -> assertThat(r).isInstanceOf(User.class));
    assertThat(output.records())
        .extracting(r -> ((User) r).age())
        .isSorted()
        .doesNotContain(0, 7, 14);
    assertThat(errors.records()).extracting(r -> ((ErrorRow) r).position()).isSorted().hasSize(143);
  }

  @Test
  void hooksRunInOrderAndShareTheBatchStore() throws Exception {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Hook first =
        new RecordingHook("first", calls) {
          @Override
          public List<Entry> execute(List<Entry> entries, HookStore store) {
            super.execute(entries, store);
            store.put("seen-by-first", entries.size());
            return entries;
          }
        };
    Hook second =
        new RecordingHook("second", calls) {
          @Override
          public List<Entry> execute(List<Entry> entries, HookStore store) {
            super.execute(entries, store);
            int seen = store.require("seen-by-first", Integer.class);
            entries.forEach(e -> e.metadata().put("batch", seen));
            return entries;
          }
        };
    Hook post = new RecordingHook("post", calls);
    MemoryOutputAdapter output = new MemoryOutputAdapter();

    Pipe.builder()
        .input(input(user("a", "1"), user("b", "2"), user("c", "3")))
        .output(output)
        .preValidationHook(first)
        .preValidationHook(second)
        .postValidationHook(post)
        .executor(new SingleThreadExecutor(2))
        .build()
        .run(ProgressListener.NONE);

    assertThat(calls)
        .containsExactly(
            "first.setup",
            "second.setup",
            "post.setup",
            "first.execute",
            "second.execute",
            "post.execute",
            "first.execute",
            "second.execute",
            "post.execute",
            "first.teardown",
            "second.teardown",
            "post.teardown");
    assertThat(output.records()).hasSize(3);
  }

  @Test
  void aHookCanTransformFilterFailAndAddEntries() throws Exception {
    Hook hook =
        (entries, store) -> {
          List<Entry> kept = new ArrayList<>();
          for (Entry entry : entries) {
            String name = (String) entry.rawData().get("name");
            switch (name) {
              case "drop-me" -> {}
              case "fail-me" -> {
                entry.fail("names may not be fail-me");
                kept.add(entry);
              }
              default -> {
                entry.setValidatedData(Map.of("upper", name.toUpperCase()));
                kept.add(entry);
              }
            }
          }
          kept.add(Entry.of(Map.of("upper", "ADDED")));
          return kept;
        };
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();

    PipeReport report =
        Pipe.builder()
            .input(input(user("ana", "1"), user("drop-me", "2"), user("fail-me", "3")))
            .output(output)
            .errorOutput(errors)
            .postValidationHook(hook)
            .build()
            .run(ProgressListener.NONE);

    assertThat(output.records()).containsExactly(Map.of("upper", "ANA"), Map.of("upper", "ADDED"));
    assertThat(report.totalProcessed()).isEqualTo(3);
    assertThat(report.successCount()).isEqualTo(2);
    assertThat(report.errorCount()).isEqualTo(1);
    assertThat(report.droppedCount()).isEqualTo(1);
    assertThat(((ErrorRow) errors.records().get(0)).errorsText())
        .contains("names may not be fail-me");
  }

  @Test
  void aHookThatThrowsFailsThePipeWithItsMessageAndStillTearsDown() throws Exception {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Hook broken =
        new RecordingHook("broken", calls) {
          @Override
          public List<Entry> execute(List<Entry> entries, HookStore store) {
            throw new IllegalStateException("lookup service is down");
          }
        };
    MemoryOutputAdapter output = new MemoryOutputAdapter();

    PipeReport report =
        Pipe.builder()
            .input(input(user("a", "1")))
            .output(output)
            .preValidationHook(broken)
            .executor(new MultiThreadExecutor(2, 10))
            .build()
            .run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.hasError()).isTrue();
    assertThat(report.exception())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("lookup service is down")
        .hasMessageContaining(broken.getClass().getName());
    assertThat(calls).containsExactly("broken.setup", "broken.teardown");
    assertThat(output.isComplete()).isFalse();
  }

  @Test
  void reportArithmeticAddsUp() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(user("u" + i, i % 10 == 0 ? "-1" : "20"));
    }
    Pipe pipe =
        Pipe.builder()
            .input(new MemoryInputAdapter(rows))
            .output(new MemoryOutputAdapter())
            .schema(User.class)
            .executor(new MultiThreadExecutor(2, 100))
            .build();

    PipeReport report = pipe.run(ProgressListener.NONE);

    assertThat(report.isFinished()).isTrue();
    assertThat(report.totalProcessed()).isEqualTo(5000);
    assertThat(report.successCount() + report.errorCount()).isEqualTo(report.totalProcessed());
    assertThat(report.errorCount()).isEqualTo(500);
    assertThat(report.batchSize()).isEqualTo(100);
    assertThat(report.concurrency()).isEqualTo(2);
    assertThat(report.itemsPerSecond()).isPositive();
    assertThat(report.endTime()).isAfterOrEqualTo(report.startTime());
    assertThat(report.peakRamBytes()).isPositive();
    assertThat(report.toMap())
        .containsKeys(
            "status",
            "total_processed",
            "success_count",
            "error_count",
            "items_per_second",
            "duration_seconds",
            "peak_ram_bytes");
  }

  @Test
  void anExecutionReportsRunningUntilItEndsAndThenItsFinalReport() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Pipe pipe = blockingPipe(release);

    PipeReport running;
    PipeReport last;
    try (PipeExecution execution = pipe.start()) {
      running = execution.report();
      assertThat(execution.isDone()).isFalse();
      assertThat(execution.pipe()).isSameAs(pipe);
      release.countDown();
      last = execution.await();
      assertThat(execution.isDone()).isTrue();
      assertThat(execution.report().status()).isEqualTo(PipeStatus.COMPLETED);
    }

    assertThat(running.status()).isEqualTo(PipeStatus.RUNNING);
    assertThat(last.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(last.totalProcessed()).isEqualTo(200_000);
  }

  @Test
  void onePipeRunsSeveralExecutionsAtOnceEachWithItsOwnCounts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Pipe pipe = blockingPipe(release);

    try (PipeExecution first = pipe.start();
        PipeExecution second = pipe.start()) {
      assertThat(first.isDone()).isFalse();
      assertThat(second.isDone()).isFalse();
      release.countDown();
      PipeReport one = first.await();
      PipeReport two = second.await();

      assertThat(one.status()).isEqualTo(PipeStatus.COMPLETED);
      assertThat(two.status()).isEqualTo(PipeStatus.COMPLETED);
      assertThat(one.totalProcessed()).isEqualTo(200_000);
      assertThat(two.totalProcessed()).isEqualTo(200_000);
    }
    PipeReport again = pipe.run(ProgressListener.NONE); // and again once they are over
    assertThat(again.totalProcessed()).isEqualTo(200_000);
  }

  @Test
  void shutdownStopsWithinABatchAndMarksTheRunAborted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Pipe pipe = blockingPipe(release);
    PipeExecution execution = pipe.start();

    execution.shutdown();
    release.countDown();

    assertThat(execution.await(Duration.ofSeconds(10))).isTrue();
    PipeReport report = execution.report();
    assertThat(report.status()).isEqualTo(PipeStatus.ABORTED);
    assertThat(report.totalProcessed()).isLessThan(200_000);
  }

  @Test
  void closeShutsDownARunningExecutionLikeLeavingAWithBlock() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Pipe pipe = blockingPipe(release);
    PipeExecution execution;
    try (PipeExecution started = pipe.start()) {
      execution = started;
      release.countDown();
    }

    assertThat(execution.isDone()).isTrue();
    assertThat(execution.report().isFinished()).isTrue();
    assertThat(execution.report().status()).isIn(PipeStatus.ABORTED, PipeStatus.COMPLETED);
  }

  @Test
  void closeOfAFinishedExecutionKeepsItsReport() throws Exception {
    Pipe pipe =
        Pipe.builder().input(input(user("ana", "30"))).output(new MemoryOutputAdapter()).build();
    PipeExecution execution = pipe.start();
    PipeReport report = execution.await();

    execution.close();

    assertThat(execution.report().status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(execution.report().totalProcessed()).isEqualTo(report.totalProcessed()).isEqualTo(1);
  }

  @Test
  void buildRequiresInputAndOutput() {
    assertThatThrownBy(() -> Pipe.builder().output(new MemoryOutputAdapter()).build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("input");
    assertThatThrownBy(() -> Pipe.builder().input(input()).build())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("output");
  }

  @Test
  void prunesColumnsToWhatTheSchemaAndHooksRead() {
    Hook reader =
        new Hook() {
          @Override
          public List<Entry> execute(List<Entry> entries, HookStore store) {
            return entries;
          }

          @Override
          public ColumnSet requiredColumns() {
            return ColumnSet.of("city");
          }
        };
    Pipe.Builder builder = Pipe.builder().input(input()).output(new MemoryOutputAdapter());

    assertThat(builder.build().columnsToDecode()).isEqualTo(ColumnSet.all());
    assertThat(builder.schema(User.class).build().columnsToDecode().names())
        .containsExactlyInAnyOrder("name", "age", "email");
    assertThat(builder.postValidationHook(reader).build().columnsToDecode().names())
        .containsExactlyInAnyOrder("name", "age", "email", "city");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void multiThreadOutputMatchesSingleThreadOutput(boolean ordered) throws Exception {
    List<Map<String, Object>> rows =
        IntStream.range(0, 20_000)
            .mapToObj(i -> user("u" + i, Integer.toString(i % 97 - 3)))
            .toList();
    MemoryOutputAdapter single = new MemoryOutputAdapter();
    MemoryOutputAdapter multi = new MemoryOutputAdapter();
    MultiThreadExecutor executor = new MultiThreadExecutor(4, 100);

    run(rows, single, new SingleThreadExecutor(100));
    run(rows, multi, ordered ? executor : executor.unordered());

    if (ordered) {
      assertThat(multi.records()).isEqualTo(single.records());
    } else {
      assertThat(multi.records()).containsExactlyInAnyOrderElementsOf(single.records());
    }
  }

  private static void run(
      List<Map<String, Object>> rows, MemoryOutputAdapter output, PipeExecutor executor)
      throws InterruptedException {
    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(rows))
            .output(output)
            .schema(User.class)
            .executor(executor)
            .build()
            .run(ProgressListener.NONE);
    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
  }

  /** A pipe over many rows whose first batch waits for {@code release}. */
  private static Pipe blockingPipe(CountDownLatch release) {
    List<Map<String, Object>> rows =
        IntStream.range(0, 200_000).mapToObj(i -> user("u" + i, "1")).toList();
    Hook gate =
        (entries, store) -> {
          try {
            if (!release.await(10, TimeUnit.SECONDS)) {
              throw new IllegalStateException("test gate never opened");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return entries;
        };
    return Pipe.builder()
        .input(new MemoryInputAdapter(rows))
        .output(new MemoryOutputAdapter())
        .preValidationHook(gate)
        .executor(new MultiThreadExecutor(2, 100))
        .build();
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, copied by List.of
  private static MemoryInputAdapter input(Map<String, Object>... rows) {
    return new MemoryInputAdapter(List.of(rows));
  }

  private static Map<String, Object> user(String name, String age) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", name);
    row.put("age", age);
    row.put("email", name + "@example.com");
    return row;
  }

  private static PipeExecutor executor(int threads, int batchSize) {
    return threads == 1
        ? new SingleThreadExecutor(batchSize)
        : new MultiThreadExecutor(threads, batchSize);
  }

  private static class RecordingHook implements Hook {
    private final String name;
    private final List<String> calls;

    RecordingHook(String name, List<String> calls) {
      this.name = name;
      this.calls = calls;
    }

    @Override
    public void setup(HookStore store) {
      calls.add(name + ".setup");
    }

    @Override
    public List<Entry> execute(List<Entry> entries, HookStore store) {
      calls.add(name + ".execute");
      return entries;
    }

    @Override
    public void teardown(HookStore store) {
      calls.add(name + ".teardown");
    }
  }
}
