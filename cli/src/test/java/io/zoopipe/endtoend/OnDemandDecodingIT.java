package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.LongBioHook;
import io.zoopipe.endtoend.testing.ReadEveryColumnHook;
import io.zoopipe.examples.etl.PlainEtlSchema;
import io.zoopipe.examples.etl.PlainNormalizeAndHashHook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks that name no columns: rows decode the other columns only when a hook reads them, in one JVM
 * and in worker JVMs, and the outputs and error files are byte for byte those of rows decoded whole
 * up front.
 */
class OnDemandDecodingIT {
  @TempDir Path dir;

  @Test
  void workersAndOneJvmDecodingOnDemandWriteWhatDecodingEverythingWrites() throws Exception {
    assertThat(
            Cli.run(
                dir,
                dir.resolve("generate.log"),
                "generate",
                "--rows",
                "20000",
                "--wide",
                "--invalid-rate",
                "0.05",
                "--output",
                "users.csv"))
        .isZero();

    run("whole", "--pre-hook", ReadEveryColumnHook.class.getName());
    run("lazy");
    run("workers", "--workers", "2", "--threads", "1", "--shards", "5");

    for (String name : List.of("lazy", "workers")) {
      assertThat(Files.readAllBytes(dir.resolve(name + ".jsonl")))
          .as(name)
          .isEqualTo(Files.readAllBytes(dir.resolve("whole.jsonl")));
      assertThat(Files.readAllBytes(dir.resolve(name + "-errors.csv")))
          .as(name)
          .isEqualTo(Files.readAllBytes(dir.resolve("whole-errors.csv")));
    }
    String errors = Files.readString(dir.resolve("whole-errors.csv"));
    assertThat(errors).contains("a long bio").contains("(NotBlank)").contains("(Pattern)");
  }

  private void run(String name, String... options) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                "users.csv",
                "--output",
                name + ".jsonl",
                "--errors",
                name + "-errors.csv",
                "--schema",
                PlainEtlSchema.class.getName(),
                "--pre-hook",
                LongBioHook.class.getName(),
                "--post-hook",
                PlainNormalizeAndHashHook.class.getName(),
                "--batch-size",
                "700",
                "--plugin",
                examplesJar(),
                "--progress",
                "none"));
    args.addAll(List.of(options));
    Path log = dir.resolve(name + ".log");
    int status = Cli.run(dir, log, args.toArray(new String[0]));
    assertThat(status).as(Files.readString(log)).isZero();
  }

  /** The examples plugin jar: the job's classes reach the worker JVMs as a plugin, as a user's. */
  private static String examplesJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "examples", "target"))) {
      return files
          .filter(
              f -> f.getFileName().toString().matches("zoopipe-examples-[^-]+(-SNAPSHOT)?\\.jar"))
          .findFirst()
          .map(f -> f.toAbsolutePath().toString())
          .orElseThrow(() -> new IllegalStateException("examples jar not built"));
    }
  }
}
