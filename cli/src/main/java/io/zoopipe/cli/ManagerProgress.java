package io.zoopipe.cli;

import io.zoopipe.common.report.ConsoleProgress;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.manager.ManagerExecution;
import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Progress of a run on workers: on a terminal a live bar over the input's bytes (percentage, ETA)
 * with records, rate, errors and busy workers; otherwise a plain line every few seconds with the
 * same facts. Called from one thread.
 */
final class ManagerProgress {
  private ManagerProgress() {}

  static ProgressListener create(String mode, PrintWriter err, ManagerExecution execution) {
    boolean terminal = ConsoleProgress.interactiveConsole();
    return switch (mode) {
      case "none" -> ProgressListener.NONE;
      case "bar" -> new Bar(execution);
      case "plain" -> new Plain(err, execution, Duration.ofSeconds(3));
      default -> terminal ? new Bar(execution) : new Plain(err, execution, Duration.ofSeconds(3));
    };
  }

  /** {@code 1,234 records | 5,678/s | 12 errors | 2/2 workers busy | 3/8 shards}. */
  static String facts(PipeReport snapshot, ManagerExecution execution) {
    return String.format(
        "%,d records | %,.0f/s | %,d errors | %d/%d workers busy | %d/%d shards",
        snapshot.totalProcessed(),
        snapshot.itemsPerSecond(),
        snapshot.errorCount(),
        execution.busyWorkers(),
        execution.workers(),
        execution.shardsDone(),
        execution.shardCount());
  }

  /** Time left at the current byte rate, or empty when unknown. */
  static String eta(PipeReport snapshot) {
    double progress = snapshot.progress();
    long elapsed = snapshot.duration().toSeconds();
    if (progress <= 0.01 || progress >= 1 || elapsed < 1) {
      return "";
    }
    long left = Math.round(elapsed * (1 - progress) / progress);
    return String.format(" | ETA %d:%02d", left / 60, left % 60);
  }

  private static final class Plain implements ProgressListener {
    private final PrintWriter err;
    private final ManagerExecution execution;
    private final long intervalNanos;
    private long last = System.nanoTime();

    Plain(PrintWriter err, ManagerExecution execution, Duration interval) {
      this.err = err;
      this.execution = execution;
      this.intervalNanos = interval.toNanos();
    }

    @Override
    public void onProgress(PipeReport snapshot) {
      if (System.nanoTime() - last < intervalNanos) {
        return;
      }
      last = System.nanoTime();
      double progress = snapshot.progress();
      String percent = progress < 0 ? "" : String.format("%3.0f%% | ", progress * 100);
      err.println(percent + facts(snapshot, execution) + eta(snapshot));
      err.flush();
    }
  }

  private static final class Bar implements ProgressListener {
    private final ManagerExecution execution;
    private @Nullable ProgressBar bar;

    Bar(ManagerExecution execution) {
      this.execution = execution;
    }

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
                .build();
      }
      bar.stepTo(snapshot.bytesRead() >> 10);
      bar.setExtraMessage(facts(snapshot, execution));
    }

    @Override
    public void onFinished(PipeReport report) {
      if (bar != null) {
        bar.stepTo(report.bytesRead() >> 10);
        bar.close();
      }
    }
  }
}
