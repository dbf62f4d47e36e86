package io.zoopipe.endtoend.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * How a fuzz variant is run: its input format, the output's and the error output's ({@code null}
 * for none) formats, whether {@link FuzzRecord} is the schema, and the executor's settings.
 *
 * @param input {@code csv} or {@code jsonl}, the input file's extension
 * @param output {@code csv} or {@code jsonl}
 * @param errors {@code csv}, {@code jsonl} or {@code null}: without {@code --errors}
 */
public record FuzzCase(
    String input, String output, @Nullable String errors, boolean schema, int threads, int batch) {
  private static final List<String> FORMATS = List.of("csv", "jsonl");

  /** A random case for an input in {@code format}. */
  public static FuzzCase random(String format, SplittableRandom random) {
    String output = FORMATS.get(random.nextInt(2));
    int errors = random.nextInt(3);
    return new FuzzCase(
        format,
        output,
        errors == 2 ? null : FORMATS.get(errors),
        random.nextBoolean(),
        1 + random.nextInt(2),
        1 + random.nextInt(40));
  }

  /** The input file in {@code dir}. */
  public Path inputFile(Path dir) {
    return dir.resolve("in." + input);
  }

  /** The output file in {@code dir}. */
  public Path outputFile(Path dir) {
    return dir.resolve("out." + output);
  }

  /** The error output file in {@code dir}, if there is one. */
  public @Nullable Path errorFile(Path dir) {
    return errors == null ? null : dir.resolve("errors." + errors);
  }

  /** The report file in {@code dir}. */
  public Path reportFile(Path dir) {
    return dir.resolve("report.json");
  }

  /** The arguments of {@code zoopipe run} on the files in {@code dir}, plus {@code extra}. */
  public List<String> arguments(Path dir, String... extra) {
    List<String> arguments = new ArrayList<>();
    arguments.add("run");
    arguments.add("--input");
    arguments.add(inputFile(dir).toString());
    arguments.add("--output");
    arguments.add(outputFile(dir).toString());
    Path errorFile = errorFile(dir);
    if (errorFile != null) {
      arguments.add("--errors");
      arguments.add(errorFile.toString());
    }
    if (schema) {
      arguments.add("--schema");
      arguments.add(FuzzRecord.class.getName());
    }
    arguments.addAll(
        List.of(
            "--threads",
            Integer.toString(threads),
            "--batch-size",
            Integer.toString(batch),
            "--report",
            reportFile(dir).toString(),
            "--progress",
            "none"));
    arguments.addAll(List.of(extra));
    return arguments;
  }
}
