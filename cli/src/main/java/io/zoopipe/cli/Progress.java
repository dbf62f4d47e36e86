package io.zoopipe.cli;

import io.zoopipe.common.report.ConsoleProgress;
import io.zoopipe.common.report.ProgressListener;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;

/**
 * The CLI's progress display: a live bar on a terminal (records, rate, percentage of input bytes,
 * ETA), plain lines every few seconds otherwise, or nothing.
 */
final class Progress {
  private Progress() {}

  static ProgressListener create(String mode, PrintWriter err) {
    boolean terminal = ConsoleProgress.interactiveConsole();
    return switch (mode) {
      case "none" -> ProgressListener.NONE;
      case "bar" -> bar();
      case "plain" -> plain(err);
      default -> terminal ? bar() : plain(err);
    };
  }

  private static ProgressListener bar() {
    return new ProgressBarView(
        System.err,
        snapshot ->
            String.format(
                "%,d records | %,.0f/s | %,d errors",
                snapshot.totalProcessed(), snapshot.itemsPerSecond(), snapshot.errorCount()));
  }

  private static ProgressListener plain(PrintWriter err) {
    return new ConsoleProgress(
        new java.io.PrintStream(new WriterOutputStream(err), true), false, Duration.ofSeconds(3));
  }

  /** Adapts picocli's writer to a stream for {@link ConsoleProgress}. */
  private static final class WriterOutputStream extends java.io.OutputStream {
    private final Writer writer;

    WriterOutputStream(Writer writer) {
      this.writer = writer;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      writer.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      writer.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws java.io.IOException {
      writer.flush();
    }
  }
}
