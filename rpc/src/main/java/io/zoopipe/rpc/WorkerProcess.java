package io.zoopipe.rpc;

/**
 * The contract between a launcher and the worker JVMs it starts: which class to run and the line by
 * which a worker announces its address. The launcher names the main class instead of linking to it,
 * so that a manager needs the worker only on the class path it gives its workers.
 */
public final class WorkerProcess {
  /** The worker's entry point, run with {@code java -cp <class path> MAIN_CLASS worker-options}. */
  public static final String MAIN_CLASS = "io.zoopipe.cli.WorkerMain";

  /** What a worker prints on standard output, followed by {@code host:port}, once it listens. */
  public static final String LISTENING_PREFIX = "zoopipe-worker listening on ";

  private WorkerProcess() {}
}
