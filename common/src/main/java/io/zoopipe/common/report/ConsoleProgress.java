package io.zoopipe.common.report;

import static java.util.Objects.requireNonNull;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Prints progress to a stream: on a terminal one line rewritten in place every update, otherwise a
 * plain line every {@code plainInterval}. Used by {@code Pipe.run()}; not thread-safe (called from
 * one progress thread).
 */
public final class ConsoleProgress implements ProgressListener {
  private final PrintStream out;
  private final boolean terminal;
  private final long plainIntervalNanos;
  private long lastPlainNanos;
  private int lastLength;

  public ConsoleProgress(PrintStream out, boolean terminal, Duration plainInterval) {
    this.out = requireNonNull(out, "out is null");
    this.terminal = terminal;
    this.plainIntervalNanos = plainInterval.toNanos();
    this.lastPlainNanos = System.nanoTime();
  }

  /** Standard error, rewriting in place when the JVM has a console. */
  public static ConsoleProgress toStandardError() {
    return new ConsoleProgress(System.err, interactiveConsole(), Duration.ofSeconds(5));
  }

  /**
   * Whether the JVM runs on an interactive terminal: what {@code System.console() != null} meant up
   * to JDK 21 (from JDK 22 on, it also returns a console when the streams are redirected, and
   * {@code Console.isTerminal()}, called here reflectively, tells).
   */
  @SuppressWarnings("SystemConsoleNull") // the check's own pattern for code that runs on JDK 17
  public static boolean interactiveConsole() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    if (Runtime.version().feature() < 22) {
      return true;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      throw new LinkageError("Console.isTerminal() is missing on JDK 22+", e);
    }
  }

  @Override
  public void onProgress(PipeReport snapshot) {
    String line = line(snapshot);
    if (terminal) {
      String padding = " ".repeat(Math.max(0, lastLength - line.length()));
      out.print("\r" + line + padding);
      lastLength = line.length();
      out.flush();
    } else if (System.nanoTime() - lastPlainNanos >= plainIntervalNanos) {
      lastPlainNanos = System.nanoTime();
      out.println(line);
    }
  }

  @Override
  public void onFinished(PipeReport report) {
    if (terminal && lastLength > 0) {
      out.print("\r" + " ".repeat(lastLength) + "\r");
      out.flush();
    }
  }

  /** {@code 42% | 1,234,567 records | 456,789/s | 1,200 errors | 45 MiB read}. */
  public static String line(PipeReport snapshot) {
    double progress = snapshot.progress();
    String percent = progress < 0 ? "" : String.format("%3.0f%% | ", progress * 100);
    return String.format(
        "%s%,d records | %,.0f/s | %,d errors | %,d MiB read",
        percent,
        snapshot.totalProcessed(),
        snapshot.itemsPerSecond(),
        snapshot.errorCount(),
        snapshot.bytesRead() >> 20);
  }
}
