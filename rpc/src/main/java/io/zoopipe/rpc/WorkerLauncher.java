package io.zoopipe.rpc;

import java.io.IOException;
import java.util.List;

/**
 * Provides the workers a job runs on. A launcher is a description until {@link #launch()} is
 * called; the workers it returns belong to the caller, who closes them. Implementations are
 * thread-safe.
 */
public interface WorkerLauncher {
  /**
   * Starts or connects to the workers and returns them when they can take work.
   *
   * @throws IOException if a worker cannot be started or reached
   */
  List<Worker> launch() throws IOException;

  /** How many workers {@link #launch()} provides. */
  int size();

  /** A short description for messages: {@code 2 local worker processes}. */
  String describe();
}
