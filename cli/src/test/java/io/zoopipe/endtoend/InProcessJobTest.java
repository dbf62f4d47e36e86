package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.io.memory.InMemoryStorage;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.endtoend.testing.SlowHook;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.worker.InProcessWorkerLauncher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessJobTest {
  @TempDir Path dir;

  @Test
  void jsonLinesShardsMergeIntoTheSingleJvmOutput() throws Exception {
    Path input = dir.resolve("in.jsonl");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      text.append("{\"id\":").append(i).append(",\"name\":\"n\u00e9").append(i).append("\"}\n");
    }
    Files.writeString(input, text, StandardCharsets.UTF_8);

    PipeReport single = run(description(input, dir.resolve("single.json")));
    PipeManager manager =
        PipeManager.builder()
            .pipe(description(input, dir.resolve("merged.json")))
            .workers(new InProcessWorkerLauncher(2))
            .shards(7)
            .build();
    ManagerExecution execution = manager.start();
    PipeReport merged = execution.await();

    assertThat(merged.status())
        .as(String.valueOf(merged.exception()))
        .isEqualTo(PipeStatus.COMPLETED);
    assertThat(merged.totalProcessed()).isEqualTo(500).isEqualTo(single.totalProcessed());
    assertThat(Files.readString(dir.resolve("merged.json")))
        .isEqualTo(Files.readString(dir.resolve("single.json")));
    assertThat(execution.shardReports()).hasSize(7);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("in.jsonl", "single.json", "merged.json");
    }
  }

  @Test
  void aManagerStartedTwiceRunsTwoJobsWithTheSameOutput() throws Exception {
    Path input = Files.writeString(dir.resolve("in.jsonl"), jsonLines(300));
    Path output = dir.resolve("merged.json");
    PipeManager manager =
        PipeManager.builder()
            .pipe(description(input, output))
            .workers(new InProcessWorkerLauncher(2))
            .shards(4)
            .build();

    ManagerExecution first = manager.start();
    PipeReport firstReport = first.await();
    String firstOutput = Files.readString(output);
    Files.delete(output); // the second job must write it again
    ManagerExecution second = manager.start();
    PipeReport secondReport = second.await();

    assertThat(first.manager()).isSameAs(manager).isSameAs(second.manager());
    assertThat(second.jobId()).isNotEqualTo(first.jobId());
    assertThat(List.of(firstReport.status(), secondReport.status()))
        .containsOnly(PipeStatus.COMPLETED);
    assertThat(secondReport.totalProcessed())
        .isEqualTo(firstReport.totalProcessed())
        .isEqualTo(300);
    assertThat(Files.readString(output)).isEqualTo(firstOutput);
    assertThat(second.shardReports()).hasSize(4);
    assertThat(first.shardsDone()).isEqualTo(second.shardsDone()).isEqualTo(4);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("in.jsonl", "merged.json");
    }
  }

  @Test
  void aManagerRefusesASecondJobWhileTheFirstRuns() throws Exception {
    Path input = Files.writeString(dir.resolve("in.jsonl"), jsonLines(400));
    PipeDescription slow =
        new PipeDescription(
            new DataDescription(Location.of(input), "jsonl", FormatOptions.none()),
            new DataDescription(
                Location.of(dir.resolve("merged.json")), "json", FormatOptions.none()),
            null,
            null,
            List.of(),
            List.of(SlowHook.class.getName()),
            new SingleThreadExecutor(5));
    PipeManager manager =
        PipeManager.builder().pipe(slow).workers(new InProcessWorkerLauncher(1)).shards(1).build();

    try (ManagerExecution first = manager.start()) {
      // 80 batches of 40 ms each on one worker: the first job runs for seconds.
      assertThatThrownBy(manager::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(first.jobId())
          .hasMessageContaining("still running");
      assertThat(first.await().status()).isEqualTo(PipeStatus.COMPLETED);
    }
    try (ManagerExecution again = manager.start()) {
      assertThat(again.await().status()).isEqualTo(PipeStatus.COMPLETED);
    }
  }

  private static String jsonLines(int rows) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      text.append("{\"id\":").append(i).append(",\"name\":\"n\u00e9").append(i).append("\"}\n");
    }
    return text.toString();
  }

  @Test
  void aJobReadsAndWritesOnlyThroughTheStorageItIsGiven() throws Exception {
    StringBuilder text = new StringBuilder("id,name\n");
    for (int i = 0; i < 300; i++) {
      text.append(i).append(",\"n\u00e9 ").append(i).append("\"\n");
    }
    Path localInput = Files.writeString(dir.resolve("in.csv"), text, StandardCharsets.UTF_8);
    InMemoryStorage memory = new InMemoryStorage();
    Location input = Location.parse("memory://bucket/in.csv");
    try (AtomicOutput output = memory.create(input)) {
      output.stream().write(Files.readAllBytes(localInput));
      output.commit();
    }
    StorageFactory storage =
        StorageFactory.builder().storage(InMemoryStorage.SCHEME, memory).build();

    PipeReport single =
        run(csvToJson(Location.of(localInput), Location.of(dir.resolve("out.json"))));
    PipeManager manager =
        PipeManager.builder()
            .pipe(csvToJson(input, Location.parse("memory://bucket/out.json")))
            .workers(new InProcessWorkerLauncher(2, List.of(), Duration.ofMillis(50), storage))
            .storage(storage)
            .shards(5)
            .build();
    PipeReport merged = manager.run();

    assertThat(merged.status())
        .as(String.valueOf(merged.exception()))
        .isEqualTo(PipeStatus.COMPLETED);
    assertThat(merged.totalProcessed()).isEqualTo(300).isEqualTo(single.totalProcessed());
    assertThat(memory.locations())
        .containsExactlyInAnyOrder("memory://bucket/in.csv", "memory://bucket/out.json");
    try (var in = memory.open(Location.parse("memory://bucket/out.json"), 0, Long.MAX_VALUE)) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(dir.resolve("out.json")));
    }
  }

  private static PipeDescription csvToJson(Location input, Location output) {
    return new PipeDescription(
        new DataDescription(input, "csv", FormatOptions.none()),
        new DataDescription(output, "json", FormatOptions.none()),
        null,
        null,
        List.of(),
        List.of(),
        new SingleThreadExecutor(50));
  }

  private static PipeReport run(PipeDescription description) throws Exception {
    try (PluginClasses classes = new PluginClasses(List.of())) {
      return description.toPipe(classes).run(ProgressListener.NONE);
    }
  }

  private static PipeDescription description(Path input, Path output) {
    return new PipeDescription(
        new DataDescription(Location.of(input), "jsonl", FormatOptions.none()),
        new DataDescription(Location.of(output), "json", FormatOptions.none()),
        null,
        null,
        List.of(),
        List.of(),
        new SingleThreadExecutor(50));
  }
}
