package io.zoopipe.cli;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.local.StandardStreamStorage;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code zoopipe} command. Exit status: 0 success, 1 the run failed, 2 the command line is
 * wrong (reported as one line naming the argument, never a stack trace), 3 more rows failed than
 * {@code --max-errors} or {@code --max-error-rate} allow, 130 interrupted.
 */
@Command(
    name = "zoopipe",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    description = "Row-complex ETL: validate, transform and move records, fast and accounted for.",
    subcommands = {
      RunCommand.class,
      GenerateCommand.class,
      ServeCommand.class,
      io.zoopipe.cli.WorkerCommand.class,
      SubmitCommand.class,
      WatchCommand.class,
      CancelCommand.class,
      JobsCommand.class,
      HealthCommand.class
    })
public final class ZooPipeCli {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_TOO_MANY_ERRORS = 3;

  private ZooPipeCli() {}

  public static void main(String[] args) {
    AsyncTaskPool.ensure();
    System.exit(
        execute(
            args,
            new PrintWriter(System.out, true, Charset.defaultCharset()),
            new PrintWriter(System.err, true, Charset.defaultCharset())));
  }

  /**
   * The exit status of a run that ended with {@code report}: 0 completed, {@link
   * #EXIT_TOO_MANY_ERRORS} when the error limit failed it, {@link #EXIT_FAILED} otherwise.
   */
  static int exitStatus(PipeReport report) {
    if (report.status() == PipeStatus.COMPLETED) {
      return 0;
    }
    return report.exception() instanceof PipelineException pipeline
            && pipeline.kind() == ErrorKind.TOO_MANY_ROW_ERRORS
        ? EXIT_TOO_MANY_ERRORS
        : EXIT_FAILED;
  }

  /** Runs the command line and returns the exit status; for tests and embedding. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, null);
  }

  /** As {@link #execute(String[], PrintWriter, PrintWriter)}, with {@code -} served by streams. */
  static int execute(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      @Nullable StandardStreamStorage standardStreams) {
    CommandLine commandLine = new CommandLine(new ZooPipeCli());
    if (standardStreams != null) {
      RunCommand run =
          java.util.Objects.requireNonNull(
                  commandLine.getSubcommands().get("run"), "the run subcommand is missing")
              .getCommand();
      run.standardStreams = standardStreams;
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    // A malformed command line is one line naming the option, then where to find the rest; the
    // whole usage text would bury it.
    commandLine.setParameterExceptionHandler(
        (e, arguments) -> {
          String qualified = e.getCommandLine().getCommandSpec().qualifiedName();
          // A JDBC URL echoed back keeps no password.
          err.println(qualified + ": " + Location.mask(String.valueOf(e.getMessage())));
          if (e instanceof UnmatchedArgumentException unmatched) {
            unmatched.printSuggestions(err);
          }
          err.println("Try '" + qualified + " --help' for the options.");
          return EXIT_USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          String name = cmd.getCommandName();
          if (e instanceof UsageException || e instanceof WorkerUsageException) {
            err.println("zoopipe " + name + ": " + Location.mask(String.valueOf(e.getMessage())));
            err.println("Try 'zoopipe " + name + " --help' for the options.");
            return EXIT_USAGE;
          }
          if (e instanceof PipelineException pipeline) {
            err.println(
                "zoopipe "
                    + name
                    + ": "
                    + pipeline.kind()
                    + ": "
                    + Location.mask(String.valueOf(pipeline.getMessage())));
            return EXIT_FAILED;
          }
          if (e instanceof InterruptedException) {
            err.println("zoopipe " + name + ": interrupted");
            return 130;
          }
          err.println("zoopipe " + name + ": failed: " + Location.mask(RunCommand.describe(e)));
          return EXIT_FAILED;
        });
    return commandLine.execute(args);
  }
}
