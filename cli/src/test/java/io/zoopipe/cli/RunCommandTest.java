package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.common.io.local.StandardStreamStorage;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.HookStore;
import io.zoopipe.endtoend.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code zoopipe run} in this JVM, as a user types it: exit status 0 for a completed run (invalid
 * rows routed or dropped are not a failure), 1 for a failed run, 2 for a usage error reported as
 * one line naming the option, and nothing written when the command line or a file is wrong.
 */
class RunCommandTest {
  private static final String USER_SCHEMA = "io.zoopipe.examples.UserSchema";

  @TempDir Path dir;
  private Path users;

  @BeforeEach
  void writeUsers() throws IOException {
    users = dir.resolve("users.csv");
    Files.writeString(
        users,
        "user_id,username,age,email,city\n"
            + "1,ann,30,ann@example.com,Oslo\n"
            + "2,bob,abc,bob@example.com,Rome\n"
            + "3,cy,40,cy@example.com,Lima\n",
        StandardCharsets.UTF_8);
  }

  @Test
  void aRunWithAnInvalidRowCompletesRoutesItAndWritesTheReport() throws Exception {
    Outcome outcome =
        runOnUsers(
            "out.jsonl",
            "--errors",
            path("errors.csv"),
            "--schema",
            USER_SCHEMA,
            "--report",
            path("report.json"));

    assertThat(outcome.status()).as(outcome.err()).isZero();
    assertThat(outcome.out()).startsWith("COMPLETED: 3 processed, 2 ok, 1 errors");
    assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
        .containsExactly(
            "{\"user_id\":\"1\",\"username\":\"ann\",\"age\":30,\"email\":\"ann@example.com\"}",
            "{\"user_id\":\"3\",\"username\":\"cy\",\"age\":40,\"email\":\"cy@example.com\"}");
    List<String> errorLines = Files.readAllLines(dir.resolve("errors.csv"));
    assertThat(errorLines).hasSize(2);
    assertThat(errorLines.get(0))
        .isEqualTo(
            "user_id,username,age,email,city,_position,_offset,_errors,_raw_text,_raw_base64");
    assertThat(errorLines.get(1))
        .startsWith("2,bob,abc,bob@example.com,Rome,1,62,")
        .contains("age");

    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(report.get("total_processed").asLong()).isEqualTo(3);
    assertThat(report.get("success_count").asLong()).isEqualTo(2);
    assertThat(report.get("error_count").asLong()).isEqualTo(1);
    assertThat(report.get("items_per_second").asDouble()).isPositive();
    assertThat(report.get("duration_seconds").asDouble()).isPositive();
    assertThat(report.get("peak_ram_bytes").asLong()).isPositive();
  }

  @Test
  void withoutErrorsTheFailedRowIsCountedAndDropped() throws Exception {
    Outcome outcome =
        runOnUsers("out.csv", "--schema", USER_SCHEMA, "--report", path("report.json"));

    assertThat(outcome.status()).as(outcome.err()).isZero();
    assertThat(Files.readAllLines(dir.resolve("out.csv")))
        .containsExactly(
            "user_id,username,age,email", "1,ann,30,ann@example.com", "3,cy,40,cy@example.com");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("error_count").asLong()).isEqualTo(1);
    assertThat(report.get("success_count").asLong()).isEqualTo(2);
  }

  @Test
  void oneThreadAndSeveralWriteTheSameBytes() throws Exception {
    Path input = TestData.csv(dir.resolve("many.csv"), 5, 30_000, -1, "", 29);
    for (String threads : List.of("1", "3")) {
      Outcome outcome =
          zoopipe(
              "run",
              "--input",
              input.toString(),
              "--output",
              path("out-" + threads + ".json"),
              "--errors",
              path("errors-" + threads + ".jsonl"),
              "--threads",
              threads,
              "--batch-size",
              "700",
              "--progress",
              "none");
      assertThat(outcome.status()).as(outcome.err()).isZero();
    }

    assertThat(Files.readAllBytes(dir.resolve("out-3.json")))
        .isEqualTo(Files.readAllBytes(dir.resolve("out-1.json")));
    assertThat(Files.readAllBytes(dir.resolve("errors-3.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("errors-1.jsonl")));
    assertThat(new ObjectMapper().readTree(dir.resolve("out-1.json").toFile()).size())
        .isGreaterThan(20_000);
  }

  /** A wrong option or value, the option the message must name, and what it must say of it. */
  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(List.of("--input", "missing.csv"), "--input", "missing.csv: no such file"),
        Arguments.of(
            List.of("--output", "nodir/out.jsonl"),
            "--output",
            "out.jsonl: no such file or directory"),
        Arguments.of(
            List.of("--errors", "nodir/errors.csv"),
            "--errors",
            "errors.csv: no such file or directory"),
        Arguments.of(
            List.of("--report", "nodir/report.json"), "--report", "report.json: no such directory"),
        Arguments.of(
            List.of("--schema", "com.example.Nope"),
            "--schema",
            "com.example.Nope: class not found on the class path or in any --plugin jar"),
        Arguments.of(
            List.of("--post-hook", "java.lang.String"),
            "--post-hook",
            "java.lang.String: does not implement io.zoopipe.common.pipe.Hook"),
        Arguments.of(List.of("--plugin", "missing.jar"), "--plugin", "missing.jar: no such file"),
        Arguments.of(List.of("--threads", "0"), "--threads", "must be >= 1, got 0"),
        Arguments.of(List.of("--threads", "zero"), "--threads", "'zero' is not an int"),
        Arguments.of(List.of("--batch-size", "0"), "--batch-size", "must be >= 1, got 0"),
        Arguments.of(
            List.of("--delimiter", "ab"), "--delimiter", "must be a single character, got 'ab'"),
        Arguments.of(List.of("--input-format", "xml"), "--input-format", "unknown format 'xml'"),
        Arguments.of(
            List.of("--s3-part-mib", "4"), "--s3-part-mib", "whole number from 5 to 2047, got '4'"),
        Arguments.of(
            List.of("--s3-reads-in-flight", "0"), "--s3-reads-in-flight", "from 1 to 64, got '0'"),
        Arguments.of(List.of("--bogus"), "--bogus", "Unknown option"));
  }

  @ParameterizedTest
  @MethodSource("usageErrors")
  void aWrongCommandLineIsOneLineAndWritesNothing(List<String> wrong, String option, String problem)
      throws Exception {
    List<String> arguments = new ArrayList<>(List.of("run", "--progress", "none"));
    if (!wrong.contains("--input")) {
      arguments.addAll(List.of("--input", users.toString()));
    }
    if (!wrong.contains("--output")) {
      arguments.addAll(List.of("--output", path("out.jsonl")));
    }
    if (!wrong.contains("--errors")) {
      arguments.addAll(List.of("--errors", path("errors.csv")));
    }
    for (String argument : wrong) {
      boolean file = argument.startsWith("nodir/") || argument.startsWith("missing.");
      arguments.add(file ? path(argument) : argument);
    }

    Outcome outcome = zoopipe(arguments.toArray(String[]::new));

    assertThat(outcome.status()).as(outcome.err()).isEqualTo(ZooPipeCli.EXIT_USAGE);
    List<String> lines = outcome.err().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("zoopipe run: ").contains(option).contains(problem);
    assertThat(lines.get(1)).isEqualTo("Try 'zoopipe run --help' for the options.");
    assertThat(outcome.out()).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly("users.csv");
    }
  }

  @Test
  void aRunThatFailsExitsOneAndLeavesNoOutput() throws Exception {
    Outcome outcome = runOnUsers("out.jsonl", "--post-hook", Explodes.class.getName());

    assertThat(outcome.status()).isEqualTo(ZooPipeCli.EXIT_FAILED);
    assertThat(outcome.err()).startsWith("zoopipe run: ").contains("boom");
    assertThat(outcome.err().lines()).noneMatch(line -> line.startsWith("\tat "));
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
  }

  @Test
  void standardInputToStandardOutputStreamsCsvAndKeepsTheSummaryOffStandardOutput() {
    byte[] input = "id,name\n1,ann\n2,bob\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    Outcome outcome =
        zoopipeWithStreams(
            new ByteArrayInputStream(input),
            stdout,
            "run",
            "--input",
            "-",
            "--output",
            "-",
            "--threads",
            "1",
            "--progress",
            "plain");

    assertThat(outcome.status()).as(outcome.err()).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("id,name\n1,ann\n2,bob\n");
    assertThat(outcome.out()).isEmpty();
    assertThat(outcome.err()).contains("COMPLETED: 2 processed");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly("users.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aFileToStandardOutputInTheNamedFormat() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    Outcome outcome =
        zoopipeWithStreams(
            new ByteArrayInputStream(new byte[0]),
            stdout,
            "run",
            "--input",
            users.toString(),
            "--output",
            "-",
            "--output-format",
            "jsonl",
            "--progress",
            "none");

    assertThat(outcome.status()).as(outcome.err()).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8).lines())
        .hasSize(3)
        .allMatch(line -> line.startsWith("{\"user_id\":"));
  }

  @Test
  void aDeviceOutputWithoutAFormatIsRefusedForWhatItIsNotForItsName() {
    // /dev/null has no extension: the device is what is wrong, not the missing format.
    Outcome output =
        zoopipe("run", "--input", users.toString(), "--output", "/dev/null", "--progress", "none");
    Outcome errorOutput = runOnUsers("out.csv", "--errors", "/dev/null");

    assertThat(output.status()).isEqualTo(ZooPipeCli.EXIT_USAGE);
    assertThat(output.err())
        .startsWith("zoopipe run: --output /dev/null is not a regular file but a device")
        .contains("use - for standard output");
    assertThat(errorOutput.status()).isEqualTo(ZooPipeCli.EXIT_USAGE);
    assertThat(errorOutput.err()).startsWith("zoopipe run: --errors /dev/null is not a regular");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void aStreamWithWorkersOrAsTheErrorOutputIsAUsageError() {
    Outcome withWorkers =
        zoopipeWithStreams(
            new ByteArrayInputStream(new byte[0]),
            new ByteArrayOutputStream(),
            "run",
            "--input",
            "-",
            "--output",
            path("out.csv"),
            "--workers",
            "2");
    Outcome errorsToStdout = runOnUsers("out.csv", "--errors", "-");

    assertThat(withWorkers.status()).isEqualTo(ZooPipeCli.EXIT_USAGE);
    assertThat(withWorkers.err()).startsWith("zoopipe run: - is a stream").contains("--workers");
    assertThat(errorsToStdout.status()).isEqualTo(ZooPipeCli.EXIT_USAGE);
    assertThat(errorsToStdout.err()).startsWith("zoopipe run: --errors -");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void aClosedStandardOutputEndsTheRunWithStatusOneAndOneLine() {
    OutputStream closed =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }
        };

    Outcome outcome =
        zoopipeWithStreams(
            new ByteArrayInputStream(new byte[0]),
            closed,
            "run",
            "--input",
            users.toString(),
            "--output",
            "-",
            "--progress",
            "none");

    assertThat(outcome.status()).isEqualTo(ZooPipeCli.EXIT_FAILED);
    assertThat(outcome.err())
        .contains("zoopipe run: failed: standard output was closed by its reader (broken pipe)");
    assertThat(outcome.err().lines()).noneMatch(line -> line.startsWith("\tat "));
  }

  /** A user's hook that fails on every batch. */
  public static final class Explodes implements Hook {
    @Override
    public List<Entry> execute(List<Entry> entries, HookStore store) {
      throw new IllegalStateException("boom");
    }
  }

  /** {@code zoopipe run} from users.csv to {@code output} in the test's directory. */
  private Outcome runOnUsers(String output, String... options) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                users.toString(),
                "--output",
                path(output),
                "--progress",
                "none"));
    arguments.addAll(List.of(options));
    return zoopipe(arguments.toArray(String[]::new));
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private static Outcome zoopipe(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        ZooPipeCli.execute(arguments, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(status, out.toString(), err.toString());
  }

  private static Outcome zoopipeWithStreams(
      InputStream stdin, OutputStream stdout, String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        ZooPipeCli.execute(
            arguments,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new StandardStreamStorage(stdin, stdout));
    return new Outcome(status, out.toString(), err.toString());
  }

  private record Outcome(int status, String out, String err) {}
}
