package io.zoopipe.manager;

import io.zoopipe.common.report.FaultCounts;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Adds up the reports of several pipes run side by side into one. Stateless. */
final class ReportMerger {
  private ReportMerger() {}

  static PipeReport merge(List<PipeReport> reports, @Nullable Throwable startFailure) {
    long total = 0;
    long success = 0;
    long errors = 0;
    long dropped = 0;
    long bytes = 0;
    long expected = 0;
    long ram = 0;
    long peak = 0;
    int batchSize = 0;
    int concurrency = 0;
    Instant start = null;
    Instant end = null;
    Duration duration = Duration.ZERO;
    Throwable failure = startFailure;
    FaultCounts faults = FaultCounts.NONE;
    for (PipeReport report : reports) {
      faults = faults.plus(report.faults());
      total += report.totalProcessed();
      success += report.successCount();
      errors += report.errorCount();
      dropped += report.droppedCount();
      bytes += report.bytesRead();
      expected =
          expected < 0 || report.expectedBytes() < 0 ? -1 : expected + report.expectedBytes();
      ram = Math.max(ram, report.ramBytes());
      peak = Math.max(peak, report.peakRamBytes());
      batchSize = Math.max(batchSize, report.batchSize());
      concurrency = Math.max(concurrency, report.concurrency());
      if (report.startTime() != null && (start == null || report.startTime().isBefore(start))) {
        start = report.startTime();
      }
      if (report.endTime() != null && (end == null || report.endTime().isAfter(end))) {
        end = report.endTime();
      }
      if (report.duration().compareTo(duration) > 0) {
        duration = report.duration();
      }
      if (failure == null && report.exception() != null) {
        failure = report.exception();
      }
    }
    return new PipeReport(
        status(reports),
        total,
        success,
        errors,
        dropped,
        bytes,
        expected,
        start,
        end,
        duration,
        ram,
        peak,
        batchSize,
        concurrency,
        0,
        -1,
        List.of(),
        List.of(),
        failure,
        faults);
  }

  /** FAILED if any failed, else ABORTED if any aborted, else RUNNING while any runs. */
  static PipeStatus status(List<PipeReport> reports) {
    boolean aborted = false;
    boolean running = false;
    boolean pending = false;
    for (PipeReport report : reports) {
      switch (report.status()) {
        case FAILED -> {
          return PipeStatus.FAILED;
        }
        case ABORTED -> aborted = true;
        case RUNNING -> running = true;
        case PENDING -> pending = true;
        case COMPLETED -> {
          // Completed pipes do not change the outcome.
        }
      }
    }
    if (aborted) {
      return PipeStatus.ABORTED;
    }
    if (running) {
      return PipeStatus.RUNNING;
    }
    return pending ? PipeStatus.PENDING : PipeStatus.COMPLETED;
  }
}
