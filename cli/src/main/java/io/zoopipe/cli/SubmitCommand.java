package io.zoopipe.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.zoopipe.proto.v1.JobServiceGrpc;
import io.zoopipe.proto.v1.SubmitJobRequest;
import io.zoopipe.proto.v1.SubmitJobResponse;
import io.zoopipe.rpc.ProtoMapper;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zoopipe submit}: sends a pipe, defined by the options of {@code run}, to a job service
 * ({@code zoopipe serve}) and prints the new job's id on standard output; with {@code --watch} it
 * then follows the job as {@code zoopipe watch} does. Locations are as the server and its workers
 * see them, and classes load there. Exit status 0 when accepted (with {@code --watch}: when the job
 * completed), 1 when the server cannot be reached or the job failed, 2 when the command line is
 * wrong or the server refused the job (a bad option, an unknown class, a missing input).
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    sortOptions = false,
    description = "Submit a pipe (the options of run) to a job service (zoopipe serve).")
final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PipeDefinitionOptions pipeOptions = new PipeDefinitionOptions();

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Workers to run it on; 0: the server's default (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--shards",
      paramLabel = "S",
      description = "Shards to cut the input into (default: 4 per worker, at least 1 MiB each).")
  int shards;

  @Option(
      names = "--watch",
      description = "Follow the job to its end, as zoopipe watch does, and exit with its status.")
  boolean watch;

  @Mixin JobServerOptions server = new JobServerOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (workers < 0) {
      throw new UsageException("--workers must be >= 0, got " + workers);
    }
    if (shards < 0) {
      throw new UsageException("--shards must be >= 0, got " + shards);
    }
    SubmitJobRequest request =
        SubmitJobRequest.newBuilder()
            .setPipe(ProtoMapper.toProto(pipeOptions.describe()))
            .setWorkers(workers)
            .setShards(shards)
            .build();
    try (JobServerOptions.Connection connection = server.connect()) {
      SubmitJobResponse response;
      try {
        response =
            JobServiceGrpc.newBlockingStub(connection.channel())
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .submitJob(request);
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.NOT_FOUND) {
          throw new UsageException("the job was refused by " + connection.describe(e), e);
        }
        err.println("zoopipe submit: " + connection.describe(e));
        return ZooPipeCli.EXIT_FAILED;
      }
      out.println(response.getJobId());
      out.flush();
      if (!watch) {
        return 0;
      }
      try {
        return JobFollower.follow(connection, response.getJobId(), out, err);
      } catch (StatusRuntimeException e) {
        err.println("zoopipe submit: " + connection.describe(e));
        return ZooPipeCli.EXIT_FAILED;
      }
    }
  }
}
