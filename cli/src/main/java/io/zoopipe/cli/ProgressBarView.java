package io.zoopipe.cli;

import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import java.io.PrintStream;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * A live terminal bar over the input's bytes (percentage, elapsed time, ETA, byte rate) followed by
 * the run's facts, for a single JVM and for a run on workers alike. The bar is created at the first
 * snapshot but its clock starts at the run's start, and its last frame is drawn from the final
 * report, so what stays on the screen is the run's true totals and duration. Called from one
 * thread.
 */
final class ProgressBarView implements ProgressListener {
  private final PrintStream out;
  private final Function<PipeReport, String> facts;
  private @Nullable ProgressBar bar;

  /**
   * @param out where frames are drawn (standard error)
   * @param facts the text after the byte rate, e.g. {@code 1,234 records 567/s 0 errors}
   */
  ProgressBarView(PrintStream out, Function<PipeReport, String> facts) {
    this.out = out;
    this.facts = facts;
  }

  @Override
  public void onProgress(PipeReport snapshot) {
    show(snapshot);
  }

  @Override
  public void onFinished(PipeReport report) {
    show(report);
    if (bar != null) {
      bar.close(); // draws the final frame
    }
  }

  private void show(PipeReport snapshot) {
    ProgressBar current = bar;
    if (current == null) {
      long max = snapshot.expectedBytes() > 0 ? snapshot.expectedBytes() >> 10 : -1;
      current =
          new ProgressBarBuilder()
              .setTaskName("zoopipe")
              .setInitialMax(max)
              .setUnit(" KiB", 1)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .setConsumer(new ConsoleProgressBarConsumer(out))
              .showSpeed()
              // The bar appears with the first snapshot; its elapsed time is the run's.
              .startsFrom(0, snapshot.duration())
              .build();
      bar = current;
    }
    current.stepTo(snapshot.bytesRead() >> 10);
    // The renderer puts the message right after the rate: the separator is ours to add.
    current.setExtraMessage(" | " + facts.apply(snapshot));
  }
}
