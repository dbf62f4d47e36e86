package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.SlowHook;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.endtoend.testing.UnluckyIdHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code zoopipe} CLI with real worker JVMs on loopback. */
class CliWorkersIT {
  @TempDir Path dir;

  @Test
  void twoWorkerJvmsWriteWhatOneJvmWrites() throws Exception {
    TestData.csv(dir.resolve("in.csv"), 7, 3_000, -1, "", 23);

    int single =
        Cli.run(
            dir,
            dir.resolve("single.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            "single.csv",
            "--errors",
            "single-errors.csv",
            "--post-hook",
            UnluckyIdHook.class.getName(),
            "--threads",
            "2",
            "--progress",
            "none");
    int parallel =
        Cli.run(
            dir,
            dir.resolve("parallel.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            "parallel.csv",
            "--errors",
            "parallel-errors.csv",
            "--post-hook",
            UnluckyIdHook.class.getName(),
            "--workers",
            "2",
            "--threads",
            "1",
            "--shards",
            "5",
            "--report",
            "report.json",
            "--progress",
            "plain");

    assertThat(single).isZero();
    assertThat(parallel).as(Files.readString(dir.resolve("parallel.log"))).isZero();
    assertThat(Files.readAllBytes(dir.resolve("parallel.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single.csv")));
    // Rows fail in every shard (by the hook, and malformed): positions in the merge are global.
    assertThat(Files.readAllBytes(dir.resolve("parallel-errors.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single-errors.csv")));
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(report.get("total_processed").asLong()).isEqualTo(3_000);
    assertThat(report.get("error_count").asLong()).isGreaterThan(3_000 / 7);
    assertThat(report.get("shards")).hasSize(5);
    long sum = 0;
    for (JsonNode shard : report.get("shards")) {
      sum += shard.get("total_processed").asLong();
      assertThat(shard.get("attempts").asInt()).isPositive();
      assertThat(shard.get("worker").asText()).startsWith("worker-");
    }
    assertThat(sum).isEqualTo(3_000);
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void ctrlCStopsTheWorkersRemovesTemporaryFilesAndExits130() throws Exception {
    TestData.csv(dir.resolve("in.csv"), 3, 4_000, -1, "");
    Process manager =
        Cli.start(
            dir,
            dir.resolve("run.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            "out.csv",
            "--workers",
            "2",
            "--threads",
            "1",
            "--batch-size",
            "10",
            "--shards",
            "4",
            "--post-hook",
            SlowHook.class.getName(),
            "--progress",
            "none");
    List<ProcessHandle> workers = awaitWorkersBusy(manager);

    new ProcessBuilder("kill", "-INT", Long.toString(manager.pid())).start().waitFor();

    assertThat(manager.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(manager.exitValue()).isEqualTo(130);
    for (ProcessHandle worker : workers) {
      assertThat(worker.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join()).isNotNull();
      assertThat(worker.isAlive()).isFalse();
    }
    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void workersOfAKilledManagerStopAndRemoveTheirAttemptFiles() throws Exception {
    TestData.csv(dir.resolve("in.csv"), 5, 4_000, -1, "");
    Process manager =
        Cli.start(
            dir,
            dir.resolve("run.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            "out.csv",
            "--workers",
            "2",
            "--threads",
            "1",
            "--batch-size",
            "10",
            "--shards",
            "4",
            "--post-hook",
            SlowHook.class.getName(),
            "--progress",
            "none");
    List<ProcessHandle> workers = awaitWorkersBusy(manager);

    manager.destroyForcibly().waitFor();

    for (ProcessHandle worker : workers) {
      worker.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
      assertThat(worker.isAlive()).as("worker %d", worker.pid()).isFalse();
    }
    assertThat(dir.resolve("out.csv")).doesNotExist();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(Path::getFileName).map(Path::toString).filter(n -> n.contains("shard-")))
          .isEmpty();
    }
    // What the killed job left (its work directory, and the parts of any shard it had committed)
    // is removed by the next run to the same destination.
    assertThat(temporaryFiles()).isNotEmpty();
    try (Stream<Path> workDirectories = Files.list(dir)) {
      Path left =
          workDirectories
              .filter(p -> p.getFileName().toString().startsWith("out.csv.zoopipe-"))
              .findFirst()
              .orElseThrow();
      Files.writeString(left.resolve("shard-0-attempt-1-out.csv"), "a committed part\n");
    }
    int rerun =
        Cli.run(
            dir,
            dir.resolve("rerun.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            "out.csv",
            "--workers",
            "2",
            "--threads",
            "1",
            "--progress",
            "none");
    assertThat(rerun).as(Files.readString(dir.resolve("rerun.log"))).isZero();
    assertThat(dir.resolve("out.csv")).exists();
    assertThat(temporaryFiles()).isEmpty();
  }

  /** Waits until the manager's workers run shards (their part directory exists). */
  private List<ProcessHandle> awaitWorkersBusy(Process manager) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> workers = manager.toHandle().children().toList();
      if (workers.size() == 2 && hasParts()) {
        Thread.sleep(300);
        return workers;
      }
      assertThat(manager.isAlive()).as(Files.readString(dir.resolve("run.log"))).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("workers never started: " + Files.readString(dir.resolve("run.log")));
  }

  private boolean hasParts() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().contains("shard-"));
    }
  }

  private List<String> temporaryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains("zoopipe-") || n.contains("shard-"))
          .toList();
    }
  }
}
