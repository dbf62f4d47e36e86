package io.zoopipe.manager.attempt;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.Location;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a finished shard attempt reports: its final counts, where it really started and ended, the
 * parts it wrote and the columns they follow. A value.
 *
 * @param startOffset the byte offset of the first record the attempt read
 * @param endOffset the byte offset of the first record after its range (where the next shard must
 *     start), or the input's size at its end
 * @param outputPart the output part written (complete and valid); null when the worker named none
 * @param errorPart the error part written; null when the pipe has no error output
 * @param outputColumns the CSV header columns the output part follows (empty for other formats)
 * @param errorColumns likewise for the error part
 * @param worker the worker's name as it knows itself; empty when it did not say
 */
public record AttemptResult(
    AttemptCounts counts,
    long startOffset,
    long endOffset,
    @Nullable Location outputPart,
    @Nullable Location errorPart,
    List<String> outputColumns,
    List<String> errorColumns,
    String worker) {

  public AttemptResult {
    requireNonNull(counts, "counts is null");
    outputColumns = List.copyOf(outputColumns);
    errorColumns = List.copyOf(errorColumns);
    requireNonNull(worker, "worker is null");
  }
}
