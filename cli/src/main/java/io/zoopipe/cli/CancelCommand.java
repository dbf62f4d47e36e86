package io.zoopipe.cli;

import io.grpc.StatusRuntimeException;
import io.zoopipe.proto.v1.CancelJobRequest;
import io.zoopipe.proto.v1.CancelJobResponse;
import io.zoopipe.proto.v1.JobServiceGrpc;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zoopipe cancel JOB}: stops a running job of a job service (its workers stop, temporary
 * files are removed, the destination is untouched) and returns without waiting. Exit status 0 when
 * the job was running or had already finished, 1 when it is unknown or the server cannot be
 * reached.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    sortOptions = false,
    description = "Cancel a job of a job service (zoopipe serve).")
final class CancelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's id (from submit or jobs).")
  String jobId = "";

  @Mixin JobServerOptions server = new JobServerOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (JobServerOptions.Connection connection = server.connect()) {
      CancelJobResponse response;
      try {
        response =
            JobServiceGrpc.newBlockingStub(connection.channel())
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build());
      } catch (StatusRuntimeException e) {
        spec.commandLine().getErr().println("zoopipe cancel: " + connection.describe(e));
        return ZooPipeCli.EXIT_FAILED;
      }
      out.println(
          "job "
              + jobId
              + (response.getCancelled()
                  ? ": cancelling (zoopipe watch " + jobId + " waits for the end)"
                  : ": had already finished"));
      out.flush();
      return 0;
    }
  }
}
