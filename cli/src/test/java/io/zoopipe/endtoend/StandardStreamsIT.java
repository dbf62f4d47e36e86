package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.TestData;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command with its standard streams as pipes, as a shell pipeline would give them. */
class StandardStreamsIT {
  @TempDir Path dir;

  @Test
  void standardInputThroughToStandardOutput() throws Exception {
    Path input = TestData.csv(dir.resolve("in.csv"), 3, 2_000, -1, "");
    Process process = start("run", "--input", "-", "--output", "-", "--progress", "plain");

    try (OutputStream stdin = process.getOutputStream()) {
      Files.copy(input, stdin);
    }
    byte[] out;
    try (InputStream stdout = process.getInputStream()) {
      out = stdout.readAllBytes();
    }

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(dir.resolve("err.log"), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log).contains("COMPLETED: 2,000 processed");
    int status =
        Cli.run(dir, dir.resolve("file.log"), "run", "--input", "in.csv", "--output", "out.csv");
    assertThat(status).isZero();
    assertThat(out).isEqualTo(Files.readAllBytes(dir.resolve("out.csv")));
  }

  @Test
  void aReaderThatStopsEarlyEndsTheRunWithStatusOneAndNoStackTrace() throws Exception {
    Path input = TestData.csv(dir.resolve("in.csv"), 5, 400_000, -1, "");
    Process process =
        start("run", "--input", input.toString(), "--output", "-", "--progress", "none");
    process.getOutputStream().close();

    try (InputStream stdout = process.getInputStream()) {
      assertThat(stdout.readNBytes(100)).hasSize(100); // what `head -c 100` does, then it exits
    }

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(dir.resolve("err.log"), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(log).isEqualTo(1);
    assertThat(log).contains("standard output was closed by its reader (broken pipe)");
    assertThat(log.lines()).noneMatch(line -> line.startsWith("\tat "));
  }

  @Test
  void anOutputThatIsADeviceIsRefusedInOneLine() throws Exception {
    TestData.csv(dir.resolve("in.csv"), 7, 10, -1, "");

    int status =
        Cli.run(
            dir,
            dir.resolve("run.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            "/dev/null",
            "--output-format",
            "csv");

    String log = Files.readString(dir.resolve("run.log"), StandardCharsets.UTF_8);
    assertThat(status).as(log).isEqualTo(2);
    assertThat(log).contains("/dev/null is not a regular file").contains("use - for standard");
  }

  private Process start(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(Cli.classPath());
    command.add("io.zoopipe.cli.ZooPipeCli");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectError(dir.resolve("err.log").toFile());
    return builder.start();
  }
}
