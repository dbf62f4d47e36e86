package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.manager.launch.ProcessWorkerLauncher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker JVMs that die before they listen: made so by a JVM option that does not exist, given to
 * chosen starts through the launcher's start options.
 */
class WorkerStartFaultIT {
  private static final List<String> BOGUS = List.of("-XX:+NoSuchZooPipeTestOption");

  @TempDir Path dir;

  @Test
  void aWorkerThatDiesBeforeListeningIsReplacedAndTheOutputIsUnchanged() throws Exception {
    Path input = TestData.csv(dir.resolve("in.csv"), 3, 3_000, -1, "");

    PipeReport report = run(input, Set.of(0));

    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(singleJvmOutput(input));
  }

  @Test
  void whenAWorkerAndItsReplacementDieTheJobGoesOnWithTheOtherWorker() throws Exception {
    Path input = TestData.csv(dir.resolve("in.csv"), 5, 3_000, -1, "");

    // Starts 0 and 2 are worker 0 and its replacement; start 1 is the healthy worker 1.
    ManagerExecution execution = start(input, Set.of(0, 2));
    PipeReport report = execution.report();

    assertThat(report.status()).as("%s", report.exception()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(execution.workers()).isEqualTo(2);
    assertThat(execution.workersStarted()).as("the workers it ran on").isEqualTo(1);
    assertThat(report.totalProcessed()).isEqualTo(3_000);
    assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(singleJvmOutput(input));
  }

  @Test
  void whenEveryWorkerDiesTheErrorSaysWhy() throws Exception {
    Path input = TestData.csv(dir.resolve("in.csv"), 7, 100, -1, "");

    PipeReport report = run(input, Set.of(0, 1, 2, 3));

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .isNotNull()
        .hasMessageContaining("no worker started")
        .hasMessageContaining("exited with status 1 before listening")
        .hasMessageContaining("NoSuchZooPipeTestOption")
        .hasMessageContaining("its replacement");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void aCancelledStartStopsTheWorkersStartingAndSaysNothing() throws Exception {
    Set<Long> before = descendants();
    // Cancelled while both JVMs start (a worker takes about a second to listen): the cancel kills
    // them before they listen, which a launch not cancelled reports and answers with replacements.
    ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(2, List.of());
    PrintStream savedErr = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    CompletableFuture<Object> launched;
    try {
      System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
      launched =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return launcher.launch();
                } catch (IOException e) {
                  return e;
                }
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (newLive(before).size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      launcher.cancel();
      Object result = launched.get(30, TimeUnit.SECONDS);
      assertThat(result)
          .isInstanceOfSatisfying(
              IOException.class,
              e -> assertThat(e).hasMessage("the start of 2 local worker processes was cancelled"));
      while (!newLive(before).isEmpty() && System.nanoTime() < deadline + 10_000_000_000L) {
        Thread.sleep(20);
      }
    } finally {
      System.setErr(savedErr);
    }
    assertThat(newLive(before)).as("worker processes left").isEmpty();
    String text = said.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("Going on with").doesNotContain("replacement");
    assertThatThrownBy(launcher::launch)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cancelled");
  }

  private static Set<Long> descendants() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  private static Set<Long> newLive(Set<Long> before) {
    Set<Long> now = descendants();
    now.removeAll(before);
    return now;
  }

  private PipeReport run(Path input, Set<Integer> failingStarts) throws Exception {
    return start(input, failingStarts).report();
  }

  /** The job on two worker processes, awaited. */
  private ManagerExecution start(Path input, Set<Integer> failingStarts) throws Exception {
    ProcessWorkerLauncher launcher =
        new ProcessWorkerLauncher(2, List.of())
            .withStartOptions(start -> failingStarts.contains(start) ? BOGUS : List.of());
    PipeManager manager =
        PipeManager.builder()
            .pipe(description(input, dir.resolve("out.csv")))
            .workers(launcher)
            .shards(4)
            .build();
    ManagerExecution execution = manager.start();
    execution.await(Duration.ofSeconds(120));
    return execution;
  }

  private byte[] singleJvmOutput(Path input) throws Exception {
    Path single = dir.resolve("single.csv");
    try (PluginClasses classes = new PluginClasses(List.of())) {
      description(input, single).toPipe(classes).run(ProgressListener.NONE);
    }
    return Files.readAllBytes(single);
  }

  private static PipeDescription description(Path input, Path output) {
    return new PipeDescription(
        new DataDescription(Location.of(input), "csv", FormatOptions.none()),
        new DataDescription(Location.of(output), "csv", FormatOptions.none()),
        null,
        null,
        List.of(),
        List.of(),
        new SingleThreadExecutor(100));
  }
}
