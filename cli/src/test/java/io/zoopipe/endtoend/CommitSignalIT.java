package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real {@code zoopipe run} with an error output, paused at each step of its output commit and
 * sent SIGINT or SIGKILL there: after the process and the recovery a later run does first, the
 * output and the error output are both old or both new, nothing else is left beside them, and the
 * exit status of an interrupted run says which.
 */
class CommitSignalIT {
  private static final String OLD_OUTPUT = "old output\n";
  private static final String OLD_ERRORS = "old errors\n";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} at {1}, workers {2}")
  @CsvSource({
    "INT, staged, 1",
    "INT, committed, 1",
    "INT, published-1, 1",
    "KILL, staged, 1",
    "KILL, committed, 1",
    "KILL, published-1, 1",
    "KILL, writing-1, 1",
    "KILL, writing-2, 1",
    "INT, staged, 2",
    "INT, committed, 2",
    "INT, published-1, 2",
    "KILL, committed, 2",
    "KILL, published-1, 2",
  })
  void theOutputsAreBothOldOrBothNew(String signal, String step, int workers) throws Exception {
    TestData.csv(dir.resolve("in.csv"), 5, 2_000, -1, "", 9);
    Path output = Files.writeString(dir.resolve("out.csv"), OLD_OUTPUT);
    Path errors = Files.writeString(dir.resolve("errors.csv"), OLD_ERRORS);
    Path marker = dir.resolve("marker");
    Path log = dir.resolve("run.log");
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                "in.csv",
                "--output",
                "out.csv",
                "--errors",
                "errors.csv",
                "--progress",
                "none"));
    if (workers > 1) {
      args.addAll(List.of("--workers", String.valueOf(workers), "--shards", "3"));
    }
    Process process =
        Cli.start(
            dir,
            log,
            Map.of(),
            List.of("-Dzoopipe.test.commitPause=" + step, "-Dzoopipe.test.commitMarker=" + marker),
            args.toArray(String[]::new));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.exists(marker)) {
      assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("no pause at " + step).isLessThan(deadline);
      Thread.sleep(20);
    }
    if (signal.equals("INT")) {
      new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
    } else {
      process.destroyForcibly();
    }
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    int status = process.exitValue();
    String stderr = Files.readString(log);

    // One later run to the same destinations, in the same mode: it recovers what the signalled
    // run left, then fails on its first bad row (the input has some), so that what it leaves is
    // what the recovery made of the destinations.
    List<String> later = new ArrayList<>(args);
    later.addAll(List.of("--max-errors", "0"));
    Process next = Cli.start(dir, dir.resolve("later.log"), later.toArray(String[]::new));
    assertThat(next.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(next.exitValue()).as(Files.readString(dir.resolve("later.log"))).isEqualTo(3);

    boolean committed = !step.equals("staged") && !step.startsWith("writing-");
    if (signal.equals("INT")) {
      assertThat(status).as(stderr).isEqualTo(committed ? 0 : 130);
      assertThat(stderr.lines().filter(line -> line.startsWith("zoopipe run:")))
          .containsExactly(
              committed
                  ? "zoopipe run: interrupted after commit: outputs complete"
                  : "zoopipe run: interrupted: outputs untouched");
    }
    if (committed) {
      assertThat(Files.readString(output)).isNotEqualTo(OLD_OUTPUT).startsWith("id,");
      assertThat(Files.readString(errors)).isNotEqualTo(OLD_ERRORS).isNotEmpty();
    } else {
      assertThat(Files.readString(output)).isEqualTo(OLD_OUTPUT);
      assertThat(Files.readString(errors)).isEqualTo(OLD_ERRORS);
    }
    try (Stream<Path> files = Files.list(dir)) {
      // A killed manager's work directory (out.csv.zoopipe-<job>/) is removed by its next run.
      assertThat(files.map(path -> path.getFileName().toString()))
          .allMatch(name -> !name.startsWith("."))
          .allMatch(name -> !name.contains(".zoopipe-"));
    }
  }
}
