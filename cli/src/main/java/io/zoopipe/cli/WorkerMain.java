package io.zoopipe.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * The worker executable's entry point ({@code java -jar zoopipe-worker-all.jar}); the same command
 * as {@code zoopipe worker}. Exit status 0 when stopped, 2 for a wrong command line, 1 otherwise.
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) {
    AsyncTaskPool.ensure();
    System.exit(
        execute(
            args,
            new PrintWriter(System.out, true, Charset.defaultCharset()),
            new PrintWriter(System.err, true, Charset.defaultCharset())));
  }

  /** Runs the worker command line and returns its exit status. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    routeJulToSlf4j();
    CommandLine commandLine = new CommandLine(new WorkerCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          err.println(
              "zoopipe worker: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return e instanceof IllegalArgumentException ? 2 : 1;
        });
    return commandLine.execute(args);
  }

  /** gRPC logs through java.util.logging; send it where the rest of the logs go. */
  public static void routeJulToSlf4j() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
