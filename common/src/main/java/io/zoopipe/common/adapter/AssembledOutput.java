package io.zoopipe.common.adapter;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.AttemptKey;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A {@link PartedOutput} whose parts cannot be merged by concatenating their bytes (a file with a
 * footer that indexes its content, a database table): the format assembles the destination from the
 * parts itself. The manager's commit calls {@link #assemble} instead of concatenating; what it
 * returns takes part in the job's commit like any other staged output (nothing is visible before
 * {@link StagedOutput#publish}). Immutable; thread-safe.
 */
public interface AssembledOutput extends PartedOutput {
  /**
   * Stages the destination assembled from {@code parts}, in that order (shard order). The parts
   * stay where they are until the returned output is published or discarded; the caller deletes
   * them afterwards.
   *
   * @param parts the committed, non-empty parts written by {@link #asPart()}, in shard order
   * @param destination where the assembled output is published
   * @param workDirectory the job's locked work directory beside the destination, for temporaries
   * @param storage the storage the parts and the destination live in
   * @throws IOException when a part cannot be read or the destination cannot be staged
   */
  StagedOutput assemble(
      List<Location> parts, Location destination, Location workDirectory, StorageFactory storage)
      throws IOException;

  /**
   * Where attempt {@code key} writes its part when the format names its parts itself (a staging
   * table in the destination's database); empty, the default, for a file in the job's local work
   * directory.
   */
  default Optional<Location> partLocation(AttemptKey key) {
    return Optional.empty();
  }

  /**
   * Removes what earlier jobs that died left for this destination outside the local work
   * directories (staging tables), before job {@code jobId} writes a part. Nothing by default.
   *
   * @throws IOException when the destination cannot be reached
   */
  default void removeAbandoned(String jobId, StorageFactory storage) throws IOException {}

  /** Assembled outputs have no envelope: {@link #assemble} writes whatever surrounds the parts. */
  @Override
  default Envelope envelope(List<String> columns) {
    return Envelope.NONE;
  }
}
