package io.zoopipe.cli;

import io.zoopipe.common.report.ConsoleProgress;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

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
      case "bar" -> new Bar();
      case "plain" -> plain(err);
      default -> terminal ? new Bar() : plain(err);
    };
  }

  private static ProgressListener plain(PrintWriter err) {
    return new ConsoleProgress(
        new java.io.PrintStream(new WriterOutputStream(err), true), false, Duration.ofSeconds(3));
  }

  /** A progress bar over the input's bytes, with records and rate as its message. */
  private static final class Bar implements ProgressListener {
    private @Nullable ProgressBar bar;

    @Override
    public void onProgress(PipeReport snapshot) {
      if (bar == null) {
        long max = snapshot.expectedBytes() > 0 ? snapshot.expectedBytes() >> 10 : -1;
        bar =
            new ProgressBarBuilder()
                .setTaskName("zoopipe")
                .setInitialMax(max)
                .setUnit(" KiB", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .showSpeed()
                .build();
      }
      bar.stepTo(snapshot.bytesRead() >> 10);
      bar.setExtraMessage(
          String.format(
              "%,d records %,.0f/s %,d errors",
              snapshot.totalProcessed(), snapshot.itemsPerSecond(), snapshot.errorCount()));
    }

    @Override
    public void onFinished(PipeReport report) {
      if (bar != null) {
        bar.stepTo(report.bytesRead() >> 10);
        bar.close();
      }
    }
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
