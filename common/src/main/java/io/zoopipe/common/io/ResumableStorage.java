package io.zoopipe.common.io;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A {@link Storage} whose staged outputs ({@link StagedObject}) outlive the process that staged
 * them, so that a commit record can name them and a later run finish or undo a dead commit (see
 * {@link io.zoopipe.common.commit.CommitRecovery}). Such a store has no locks that die with their
 * holder, so what a dead process left is told from what a live one holds by age: anything staged
 * longer ago than {@link #abandonAfter()} is taken as abandoned. Implementations are thread-safe.
 */
public interface ResumableStorage extends Storage {
  /** Something lying beside a destination, and when it was last written. */
  record Sibling(Location location, Instant modified) {}

  /**
   * The objects beside {@code destination} (same directory or prefix) whose name starts with {@code
   * namePrefix}.
   */
  List<Sibling> siblings(Location destination, String namePrefix) throws IOException;

  /**
   * Publishes a staged object, as {@link StagedOutput#publish()} would have. Idempotent: an object
   * that a previous call (of this or another process) already published is left as it is.
   *
   * @throws IOException when it is neither staged nor published (it was discarded), or the store
   *     fails
   */
  void publish(StagedObject staged) throws IOException;

  /** Discards a staged object; one already gone is no error. Never throws. */
  void discard(StagedObject staged);

  /**
   * Discards whatever staged output for {@code destination} was started before {@code now} minus
   * {@link #abandonAfter()} and is not in {@code keep}; returns what was discarded, one line each.
   * Never throws: a store that cannot be listed leaves things for a later run.
   */
  List<String> removeAbandoned(Location destination, Set<StagedObject> keep, Instant now);

  /** How long after it was staged an output no commit record names is taken as abandoned. */
  Duration abandonAfter();
}
