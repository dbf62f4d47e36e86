package io.zoopipe.cli;

import io.zoopipe.common.report.ConsoleProgress;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.manager.ManagerExecution;
import java.io.PrintWriter;
import java.time.Duration;

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
      case "bar" -> bar(execution);
      case "plain" -> new Plain(err, execution, Duration.ofSeconds(3));
      default -> terminal ? bar(execution) : new Plain(err, execution, Duration.ofSeconds(3));
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

  private static ProgressListener bar(ManagerExecution execution) {
    return new ProgressBarView(System.err, snapshot -> facts(snapshot, execution));
  }
}
