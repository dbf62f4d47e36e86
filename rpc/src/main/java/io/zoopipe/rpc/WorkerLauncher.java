package io.zoopipe.rpc;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Provides the workers a job runs on. A launcher is a description until {@link #launch()} is
 * called; the workers it returns belong to the caller, who closes them. A launcher whose fleet
 * changes while a job runs (workers found by DNS) also has a {@link #refreshInterval()}, and the
 * job calls {@link #refresh} that often. Implementations are thread-safe.
 */
public interface WorkerLauncher {
  /**
   * Starts or connects to the workers and returns them when they can take work.
   *
   * @throws IOException if a worker cannot be started or reached
   */
  List<Worker> launch() throws IOException;

  /** How many workers {@link #launch()} provides (for a changing fleet: as last seen). */
  int size();

  /**
   * How often a running job should call {@link #refresh}; empty (the default) for a fixed set of
   * workers.
   */
  default Optional<Duration> refreshInterval() {
    return Optional.empty();
  }

  /**
   * Looks at the fleet again: connects to workers that are not in {@code current} and answer, and
   * names those in {@code current} that are no longer part of the fleet. A lookup that fails or
   * finds nothing changes nothing (a passing DNS failure must not empty a running job's pool).
   * Called by one thread at a time; the default (a fixed set of workers) changes nothing.
   *
   * @param current names of the workers the job is using now
   */
  default WorkerChanges refresh(Set<String> current) {
    return WorkerChanges.NONE;
  }

  /** A short description for messages: {@code 2 local worker processes}. */
  String describe();

  /**
   * Asks a {@link #launch()} in progress on another thread to give up quietly, for a launch begun
   * before the job knew it would run: workers still starting are stopped and neither reported nor
   * replaced, those already up are closed, and {@code launch()} throws. A launcher that starts
   * nothing (the default) has nothing to stop.
   */
  default void cancel() {}
}
