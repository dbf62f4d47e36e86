package io.zoopipe.rpc;

import java.util.List;
import java.util.Set;

/**
 * What changed in a fleet since a job last looked: workers that joined (connected and answering,
 * now owned by the caller, who closes them) and the names of workers that left (the caller stops
 * giving them work). Immutable.
 *
 * @param joined newly connected workers
 * @param left names ({@link Worker#name()}) of workers no longer part of the fleet
 */
public record WorkerChanges(List<Worker> joined, Set<String> left) {
  /** Nothing changed. */
  public static final WorkerChanges NONE = new WorkerChanges(List.of(), Set.of());

  public WorkerChanges {
    joined = List.copyOf(joined);
    left = Set.copyOf(left);
  }

  /** Whether nothing joined and nothing left. */
  public boolean isEmpty() {
    return joined.isEmpty() && left.isEmpty();
  }
}
