package io.zoopipe.endtoend.testing;

import io.zoopipe.cli.ZooPipeCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs {@code zoopipe} in this JVM through {@link ZooPipeCli#execute}, capturing what it prints,
 * including what its log writes to {@link System#err} meanwhile. Not thread-safe: one run at a time
 * per JVM, as it swaps {@code System.err}.
 */
public final class InProcessCli {
  private InProcessCli() {}

  /** What a run returned and printed. */
  public record Outcome(int status, String out, String err) {}

  /** Runs {@code zoopipe arguments...} to the end. */
  public static Outcome run(List<String> arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    int status;
    try (PrintStream capture = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      status = ZooPipeCli.execute(arguments.toArray(String[]::new), outWriter, errWriter);
    } finally {
      System.setErr(saved);
      outWriter.flush();
      errWriter.flush();
    }
    return new Outcome(status, out.toString(), err + log.toString(StandardCharsets.UTF_8));
  }
}
