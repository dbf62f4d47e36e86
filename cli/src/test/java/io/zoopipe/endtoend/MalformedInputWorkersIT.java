package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.FuzzCase;
import io.zoopipe.endtoend.testing.InProcessCli;
import io.zoopipe.endtoend.testing.MalformedInputs;
import io.zoopipe.endtoend.testing.MalformedInputs.Variant;
import io.zoopipe.endtoend.testing.RunChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The larger fuzz variants through the real {@code zoopipe} process with two worker JVMs: each run
 * is held to {@link RunChecks}, and the merged output, error output and counts must equal those of
 * the same run in one JVM. Seeded like {@link MalformedInputFuzzTest} ({@code
 * -Dzoopipe.fuzz.seed}); stops starting variants after {@code -Dzoopipe.fuzz.seconds} (45).
 */
class MalformedInputWorkersIT {
  /** Input format, output format, error output format, schema: one of each direction. */
  private static final List<FuzzCase> CASES =
      List.of(
          new FuzzCase("csv", "csv", "csv", false, 2, 50),
          new FuzzCase("csv", "jsonl", "jsonl", true, 1, 64),
          new FuzzCase("jsonl", "jsonl", "jsonl", false, 2, 40),
          new FuzzCase("jsonl", "csv", "jsonl", true, 1, 50));

  @TempDir Path dir;

  @Test
  void twoWorkerJvmsWriteWhatOneJvmWritesForMalformedInputs() throws Exception {
    long seed = Long.getLong("zoopipe.fuzz.seed", MalformedInputFuzzTest.DEFAULT_SEED);
    long deadline = System.nanoTime() + Long.getLong("zoopipe.fuzz.seconds", 45) * 1_000_000_000L;
    MalformedInputs inputs = new MalformedInputs(seed);

    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (int i = 0; i < CASES.size() && (ran == 0 || System.nanoTime() < deadline); i++) {
      FuzzCase fuzzCase = CASES.get(i);
      // Indexes apart from the small variants', so that the two tests fuzz different inputs.
      Variant variant = inputs.large(100_000 + i, fuzzCase.input(), 1_500);
      List<String> problems = compare(fuzzCase, variant);
      if (!problems.isEmpty()) {
        failures.add(
            String.format(
                "%nlarge variant %d (seed %d), mutations %s, %s: %s%n  input: %s",
                variant.index(),
                seed,
                variant.mutations(),
                fuzzCase,
                problems,
                MalformedInputs.preview(variant.bytes(), 400)));
      }
      ran++;
    }
    System.out.printf("fuzz seed %d: %d large variants, %d failed%n", seed, ran, failures.size());

    assertThat(failures).as("fuzz seed %d", seed).isEmpty();
  }

  private List<String> compare(FuzzCase fuzzCase, Variant variant) throws Exception {
    Path single = Files.createDirectories(dir.resolve("single-" + variant.index()));
    Path workers = Files.createDirectories(dir.resolve("workers-" + variant.index()));
    Files.write(fuzzCase.inputFile(single), variant.bytes());
    Files.write(fuzzCase.inputFile(workers), variant.bytes());

    InProcessCli.Outcome one = InProcessCli.run(fuzzCase.arguments(single));
    Path log = workers.resolve("run.log");
    int status =
        Cli.run(
            workers,
            log,
            fuzzCase.arguments(workers, "--workers", "2", "--shards", "5").toArray(String[]::new));
    String printed = Files.readString(log) + Files.readString(log.resolveSibling("run.log.out"));

    List<String> problems = new ArrayList<>();
    for (String problem :
        RunChecks.problems(fuzzCase, single, one.status(), one.out() + one.err())) {
      problems.add("one JVM: " + problem);
    }
    for (String problem : RunChecks.problems(fuzzCase, workers, status, printed)) {
      problems.add("workers: " + problem);
    }
    if (status != one.status()) {
      problems.add("exit status " + status + " with workers, " + one.status() + " in one JVM");
    } else if (status == 0) {
      same(problems, "output", fuzzCase.outputFile(single), fuzzCase.outputFile(workers));
      Path singleErrors = fuzzCase.errorFile(single);
      Path workerErrors = fuzzCase.errorFile(workers);
      if (singleErrors != null && workerErrors != null) {
        same(problems, "error output", singleErrors, workerErrors);
      }
      for (String count : List.of("total_processed", "success_count", "error_count")) {
        long expected = RunChecks.reportCount(fuzzCase.reportFile(single), count);
        long actual = RunChecks.reportCount(fuzzCase.reportFile(workers), count);
        if (expected != actual) {
          problems.add(count + " " + actual + " with workers, " + expected + " in one JVM");
        }
      }
    }
    return problems;
  }

  private static void same(List<String> problems, String what, Path single, Path workers)
      throws Exception {
    byte[] expected = Files.readAllBytes(single);
    byte[] actual = Files.readAllBytes(workers);
    if (!java.util.Arrays.equals(expected, actual)) {
      int at = java.util.Arrays.mismatch(expected, actual);
      problems.add(
          String.format(
              "%s differs from one JVM's at byte %d of %d/%d: %s vs %s",
              what,
              at,
              actual.length,
              expected.length,
              MalformedInputs.preview(
                  java.util.Arrays.copyOfRange(actual, Math.max(0, at - 40), actual.length), 160),
              MalformedInputs.preview(
                  java.util.Arrays.copyOfRange(expected, Math.max(0, at - 40), expected.length),
                  160)));
    }
  }
}
