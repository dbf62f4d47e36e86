package io.zoopipe.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zoopipe health HOST:PORT}: asks a worker or job service over {@code grpc.health.v1}
 * whether it is serving, for container health checks and probes; health checks need no secret.
 * Prints the status. Exit status 0 when SERVING, 1 otherwise (not serving, unreachable, timed out),
 * 2 when the command line is wrong.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    sortOptions = false,
    description = "Check a worker or job service over grpc.health.v1 (exit 0 when SERVING).")
final class HealthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server to check.")
  String target = "";

  @Option(
      names = "--service",
      paramLabel = "NAME",
      description = "The service to ask about (default: the server as a whole).")
  String service = "";

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 5;

  @Mixin ClientTlsOptions tls = new ClientTlsOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      throw new UsageException("'" + target + "' must look like host:port");
    }
    if (timeoutSeconds < 1) {
      throw new UsageException("--timeout must be >= 1, got " + timeoutSeconds);
    }
    ManagedChannel channel = NettyChannelBuilder.forTarget(target, tls.credentials()).build();
    try {
      HealthCheckResponse response =
          HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS)
              .check(HealthCheckRequest.newBuilder().setService(service).build());
      out.println(target + ": " + response.getStatus());
      return response.getStatus() == HealthCheckResponse.ServingStatus.SERVING
          ? 0
          : ZooPipeCli.EXIT_FAILED;
    } catch (StatusRuntimeException e) {
      String description = e.getStatus().getDescription();
      out.println(
          target
              + ": "
              + e.getStatus().getCode()
              + (description == null ? "" : " (" + description.replace('\n', ' ') + ")"));
      return ZooPipeCli.EXIT_FAILED;
    } finally {
      out.flush();
      channel.shutdownNow();
    }
  }
}
