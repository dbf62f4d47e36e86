package io.zoopipe.cli;

import io.grpc.StatusRuntimeException;
import io.zoopipe.proto.v1.JobServiceGrpc;
import io.zoopipe.proto.v1.JobSummary;
import io.zoopipe.proto.v1.ListJobsRequest;
import io.zoopipe.proto.v1.ListJobsResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code zoopipe jobs}: lists the jobs a job service knows, one line each under a header: running
 * jobs first, then the finished ones it still keeps ({@code serve --keep-finished-jobs} and {@code
 * --keep-finished-minutes}). Exit status 0, or 1 when the server cannot be reached.
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    sortOptions = false,
    description = "List the jobs of a job service (zoopipe serve).")
final class JobsCommand implements Callable<Integer> {
  private static final String FORMAT = "%-10s %-10s %9s %12s %10s  %s -> %s%n";

  @Spec CommandSpec spec;

  @Mixin JobServerOptions server = new JobServerOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (JobServerOptions.Connection connection = server.connect()) {
      ListJobsResponse response;
      try {
        response =
            JobServiceGrpc.newBlockingStub(connection.channel())
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .listJobs(ListJobsRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        spec.commandLine().getErr().println("zoopipe jobs: " + connection.describe(e));
        return ZooPipeCli.EXIT_FAILED;
      }
      out.printf(FORMAT, "JOB", "STATUS", "SHARDS", "PROCESSED", "ERRORS", "INPUT", "OUTPUT");
      for (JobSummary job : response.getJobsList()) {
        out.printf(
            FORMAT,
            job.getJobId(),
            JobFollower.status(job.getStatus()),
            job.getShardsDone() + "/" + job.getShardsTotal(),
            String.format("%,d", job.getCounts().getTotalProcessed()),
            String.format("%,d", job.getCounts().getErrorCount()),
            job.getInput(),
            job.getOutput());
      }
      out.flush();
      return 0;
    }
  }
}
