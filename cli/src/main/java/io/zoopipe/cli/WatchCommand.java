package io.zoopipe.cli;

import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zoopipe watch JOB}: follows a job of a job service to its end (progress on standard error,
 * the summary on standard output). Leaving it (Ctrl-C) leaves the job running. Exit status 0 when
 * the job completed, 1 when it failed, was cancelled or is unknown, or the server cannot be
 * reached.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    sortOptions = false,
    description = "Follow a job of a job service (zoopipe serve) to its end.")
final class WatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's id (from submit or jobs).")
  String jobId = "";

  @Mixin JobServerOptions server = new JobServerOptions();

  @Override
  public Integer call() {
    try (JobServerOptions.Connection connection = server.connect()) {
      try {
        return JobFollower.follow(
            connection, jobId, spec.commandLine().getOut(), spec.commandLine().getErr());
      } catch (StatusRuntimeException e) {
        spec.commandLine().getErr().println("zoopipe watch: " + connection.describe(e));
        return ZooPipeCli.EXIT_FAILED;
      }
    }
  }
}
