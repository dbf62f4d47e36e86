package io.zoopipe.common.report;

import static java.util.Objects.requireNonNull;

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
    return new ConsoleProgress(System.err, System.console() != null, Duration.ofSeconds(5));
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
