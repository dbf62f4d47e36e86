package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.FuzzCase;
import io.zoopipe.endtoend.testing.InProcessCli;
import io.zoopipe.endtoend.testing.MalformedInputs;
import io.zoopipe.endtoend.testing.MalformedInputs.Variant;
import io.zoopipe.endtoend.testing.RunChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded, time-bounded fuzz of {@code zoopipe run} in this JVM: a few hundred small CSV and JSON
 * Lines inputs damaged in every way {@link MalformedInputs} knows, run csv/jsonl to csv/jsonl, with
 * and without an error output and a schema, each held to {@link RunChecks}. The seed is printed;
 * {@code -Dzoopipe.fuzz.seed=S} replays a run and {@code -Dzoopipe.fuzz.variant=I} one variant of
 * it; {@code -Dzoopipe.fuzz.seconds} and {@code -Dzoopipe.fuzz.variants} bound the run. Failing
 * inputs are kept under {@code target/fuzz-failures}.
 */
class MalformedInputFuzzTest {
  static final long DEFAULT_SEED = 20261206;

  @TempDir Path dir;

  @Test
  void everyMalformedInputEndsInARunWhoseCountsAddUp() throws Exception {
    long seed = Long.getLong("zoopipe.fuzz.seed", DEFAULT_SEED);
    long seconds = Long.getLong("zoopipe.fuzz.seconds", 40);
    int variants = Integer.getInteger("zoopipe.fuzz.variants", 300);
    Integer only = Integer.getInteger("zoopipe.fuzz.variant");
    MalformedInputs inputs = new MalformedInputs(seed);
    long start = System.nanoTime();
    long deadline = start + seconds * 1_000_000_000L;

    List<String> failures = new ArrayList<>();
    Map<Integer, List<String>> statuses = new TreeMap<>();
    int ran = 0;
    for (int index = only == null ? 0 : only;
        index < (only == null ? variants : only + 1) && System.nanoTime() < deadline;
        index++) {
      Variant variant = inputs.small(index);
      FuzzCase fuzzCase = FuzzCase.random(variant.format(), inputs.random(index, 1));
      String failure = run(seed, variant, fuzzCase, statuses);
      if (failure != null) {
        failures.add(failure);
      }
      ran++;
    }
    System.out.printf(
        "fuzz seed %d: %d variants in %d ms, %d failed%n",
        seed, ran, (System.nanoTime() - start) / 1_000_000, failures.size());
    statuses.forEach(
        (status, runs) ->
            System.out.printf(
                "  exit %d: %d variants%s%n",
                status, runs.size(), status == 0 ? "" : "\n    " + String.join("\n    ", runs)));

    assertThat(ran)
        .as("variants run before the deadline")
        .isGreaterThanOrEqualTo(only == null ? 20 : 1);
    assertThat(failures).as("fuzz seed %d", seed).isEmpty();
  }

  /** Runs one variant; a description of what went wrong, or null. */
  private @Nullable String run(
      long seed, Variant variant, FuzzCase fuzzCase, Map<Integer, List<String>> statuses)
      throws IOException {
    Path variantDir = Files.createDirectories(dir.resolve("variant-" + variant.index()));
    Files.write(fuzzCase.inputFile(variantDir), variant.bytes());
    InProcessCli.Outcome outcome = InProcessCli.run(fuzzCase.arguments(variantDir));
    String said = outcome.err().lines().findFirst().orElse("");
    statuses
        .computeIfAbsent(outcome.status(), status -> new ArrayList<>())
        .add(
            "variant "
                + variant.index()
                + " "
                + variant.mutations()
                + ": "
                + abbreviate(said, 200));
    List<String> problems =
        RunChecks.problems(fuzzCase, variantDir, outcome.status(), outcome.out() + outcome.err());
    @Nullable String failure = null;
    if (!problems.isEmpty()) {
      Path kept = keep(seed, variant, fuzzCase);
      failure =
          String.format(
              "%nvariant %d (-Dzoopipe.fuzz.seed=%d -Dzoopipe.fuzz.variant=%d), %s, mutations %s,"
                  + " %s, exit %d: %s%n  input %s: %s%n  printed: %s",
              variant.index(),
              seed,
              variant.index(),
              variant.format(),
              variant.mutations(),
              fuzzCase,
              outcome.status(),
              problems,
              kept,
              MalformedInputs.preview(variant.bytes(), 600),
              abbreviate(outcome.out() + outcome.err(), 1500));
    }
    delete(variantDir);
    return failure;
  }

  /** Keeps a failing input where a developer finds it after the temporary directory is gone. */
  private static Path keep(long seed, Variant variant, FuzzCase fuzzCase) throws IOException {
    Path kept =
        Path.of("target", "fuzz-failures", "seed-" + seed, "variant-" + variant.index())
            .toAbsolutePath();
    Files.createDirectories(kept);
    Path file = fuzzCase.inputFile(kept);
    Files.write(file, variant.bytes());
    return file;
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
