package io.zoopipe.common.report;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.pipe.PipelineException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a run: counts, speed, memory and status. Immutable; {@code PipeExecution.report()}
 * returns a fresh one on each call, so it can be polled while the pipe runs.
 *
 * <p>{@code totalProcessed} counts records read from the input that have been fully processed; each
 * ends as a success (written), an error (sent to the error output, or dropped with it when there is
 * none) or dropped by a hook. Records added by hooks count as successes only.
 *
 * @param bytesRead bytes of the input consumed
 * @param expectedBytes bytes the input (or range) holds, -1 when unknown
 * @param ramBytes resident memory of the process at the snapshot
 * @param peakRamBytes the most resident memory the process had during the run
 * @param batchSize records per batch of the executor
 * @param concurrency threads processing batches
 * @param startOffset byte offset of the first record read, -1 before reading
 * @param endOffset byte offset of the first record after the range read, -1 until finished
 * @param outputColumns the header columns of a CSV output once finished (for merging parts)
 * @param errorOutputColumns likewise for a CSV error output
 * @param faults what fault handling did: calls retried, rows skipped, back-off waited
 */
public record PipeReport(
    PipeStatus status,
    long totalProcessed,
    long successCount,
    long errorCount,
    long droppedCount,
    long bytesRead,
    long expectedBytes,
    @Nullable Instant startTime,
    @Nullable Instant endTime,
    Duration duration,
    long ramBytes,
    long peakRamBytes,
    int batchSize,
    int concurrency,
    long startOffset,
    long endOffset,
    List<String> outputColumns,
    List<String> errorOutputColumns,
    @Nullable Throwable exception,
    FaultCounts faults) {

  public PipeReport {
    requireNonNull(status, "status is null");
    requireNonNull(faults, "faults is null");
    requireNonNull(duration, "duration is null");
    outputColumns = List.copyOf(outputColumns);
    errorOutputColumns = List.copyOf(errorOutputColumns);
  }

  /** A report without fault counts (a run without a fault policy). */
  public PipeReport(
      PipeStatus status,
      long totalProcessed,
      long successCount,
      long errorCount,
      long droppedCount,
      long bytesRead,
      long expectedBytes,
      @Nullable Instant startTime,
      @Nullable Instant endTime,
      Duration duration,
      long ramBytes,
      long peakRamBytes,
      int batchSize,
      int concurrency,
      long startOffset,
      long endOffset,
      List<String> outputColumns,
      List<String> errorOutputColumns,
      @Nullable Throwable exception) {
    this(
        status,
        totalProcessed,
        successCount,
        errorCount,
        droppedCount,
        bytesRead,
        expectedBytes,
        startTime,
        endTime,
        duration,
        ramBytes,
        peakRamBytes,
        batchSize,
        concurrency,
        startOffset,
        endOffset,
        outputColumns,
        errorOutputColumns,
        exception,
        FaultCounts.NONE);
  }

  /** This report with {@code counts} as its fault counts. */
  public PipeReport withFaults(FaultCounts counts) {
    return new PipeReport(
        status,
        totalProcessed,
        successCount,
        errorCount,
        droppedCount,
        bytesRead,
        expectedBytes,
        startTime,
        endTime,
        duration,
        ramBytes,
        peakRamBytes,
        batchSize,
        concurrency,
        startOffset,
        endOffset,
        outputColumns,
        errorOutputColumns,
        exception,
        counts);
  }

  /** A report of a pipe that has not started. */
  public static PipeReport pending(int batchSize, int concurrency) {
    return new PipeReport(
        PipeStatus.PENDING,
        0,
        0,
        0,
        0,
        0,
        -1,
        null,
        null,
        Duration.ZERO,
        0,
        0,
        batchSize,
        concurrency,
        -1,
        -1,
        List.of(),
        List.of(),
        null);
  }

  /** Records processed per second of wall time since the start. */
  public double itemsPerSecond() {
    double seconds = duration.toNanos() / 1e9;
    return seconds <= 0 ? 0 : totalProcessed / seconds;
  }

  /** Whether the run is over and its outputs are flushed and closed. */
  public boolean isFinished() {
    return status.isTerminal();
  }

  /** Whether the run failed (not whether rows failed: see {@link #errorCount()}). */
  public boolean hasError() {
    return status == PipeStatus.FAILED;
  }

  /** Fraction of the expected input consumed, from 0 to 1, or -1 when unknown. */
  public double progress() {
    if (expectedBytes <= 0) {
      return expectedBytes == 0 && isFinished() ? 1 : -1;
    }
    return Math.min(1.0, (double) bytesRead / expectedBytes);
  }

  /** The report as a JSON-ready map with snake_case keys, in a stable order. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("status", status.name());
    map.put("total_processed", totalProcessed);
    map.put("success_count", successCount);
    map.put("error_count", errorCount);
    map.put("dropped_count", droppedCount);
    map.put("retry_count", faults.retries());
    map.put("skipped_count", faults.skipped());
    map.put("backoff_millis", faults.backoff().toMillis());
    map.put("items_per_second", Math.round(itemsPerSecond() * 10) / 10.0);
    map.put("duration_seconds", duration.toNanos() / 1e9);
    map.put("bytes_read", bytesRead);
    map.put("ram_bytes", ramBytes);
    map.put("peak_ram_bytes", peakRamBytes);
    map.put("batch_size", batchSize);
    map.put("concurrency", concurrency);
    map.put("start_time", startTime == null ? null : startTime.toString());
    map.put("end_time", endTime == null ? null : endTime.toString());
    map.put("exception", exception == null ? null : String.valueOf(exception.getMessage()));
    if (exception instanceof PipelineException pipeline) {
      map.put("error_kind", pipeline.kind().name());
    }
    return map;
  }

  /** One human-readable line: {@code COMPLETED 1,000 processed (990 ok, 10 errors) ...}. */
  public String summaryLine() {
    return String.format(
        "%s: %,d processed, %,d ok, %,d errors%s%s in %.2f s (%,.0f items/s, peak RAM %d MiB)",
        status,
        totalProcessed,
        successCount,
        errorCount,
        droppedCount > 0 ? String.format(", %,d dropped", droppedCount) : "",
        faults.isNone()
            ? ""
            : String.format(
                ", %,d retries, %,d skipped, %.1f s back-off",
                faults.retries(), faults.skipped(), faults.backoff().toMillis() / 1e3),
        duration.toNanos() / 1e9,
        itemsPerSecond(),
        peakRamBytes >> 20);
  }
}
