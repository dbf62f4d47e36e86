package io.zoopipe.manager;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.shard.ByteRange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened to one shard: its planned range, attempts, the worker of its committed attempt,
 * that attempt's counts, and where it really started and ended. Immutable.
 *
 * @param pipeIndex the pipe's index in the manager
 * @param index the shard's index, 0-based in input order
 * @param range the byte range planned for it
 * @param state QUEUED, RUNNING, FINISHED (waiting for the boundary check), COMMITTED, EMPTY (owns
 *     no records: its predecessor's last record reached past its range) or FAILED
 * @param attempts attempts started (retries after failures and re-runs after boundary mismatches)
 * @param worker the worker of the committed (or latest) attempt, empty before the first
 * @param startOffset where the committed attempt started, -1 before
 * @param endOffset where the next shard must start, -1 before
 * @param duration wall time of the committed attempt on its worker
 * @param peakRamBytes peak resident memory of that worker's process
 */
public record ShardReport(
    int pipeIndex,
    int index,
    ByteRange range,
    String state,
    int attempts,
    String worker,
    long totalProcessed,
    long successCount,
    long errorCount,
    long droppedCount,
    long bytesRead,
    long startOffset,
    long endOffset,
    Duration duration,
    long peakRamBytes) {

  public ShardReport {
    requireNonNull(range, "range is null");
    requireNonNull(state, "state is null");
    requireNonNull(worker, "worker is null");
    requireNonNull(duration, "duration is null");
  }

  /** The report as a JSON-ready map with snake_case keys. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("pipe", pipeIndex);
    map.put("index", index);
    map.put("range_start", range.start());
    map.put("range_end", range.end());
    map.put("state", state);
    map.put("attempts", attempts);
    map.put("worker", worker);
    map.put("total_processed", totalProcessed);
    map.put("success_count", successCount);
    map.put("error_count", errorCount);
    map.put("dropped_count", droppedCount);
    map.put("bytes_read", bytesRead);
    map.put("start_offset", startOffset);
    map.put("end_offset", endOffset);
    map.put("duration_seconds", duration.toNanos() / 1e9);
    map.put("peak_ram_bytes", peakRamBytes);
    return map;
  }
}
