package io.zoopipe.cli;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --health-port}: a second, plaintext listener that serves only {@code grpc.health.v1}, for
 * probes that cannot speak TLS (Kubernetes gRPC probes) in front of a server that requires it.
 * Health checks carry no secret and reveal nothing but "serving", so plaintext is safe; every other
 * service is UNIMPLEMENTED there. Shared by {@code worker} and {@code serve}.
 */
final class HealthOptions {
  @Option(
      names = "--health-port",
      paramLabel = "N",
      description =
          "Also answer grpc.health.v1 (only) in plaintext on this port, for probes that cannot"
              + " use TLS, such as Kubernetes gRPC probes (default: none).")
  @Nullable Integer port;

  /**
   * Starts the health listener on {@code host} when {@code --health-port} was given; it answers
   * SERVING until the JVM shuts down.
   *
   * @throws UsageException for a port outside [1, 65535]
   */
  void start(String host, Function<String, RuntimeException> usageError) throws IOException {
    if (port == null) {
      return;
    }
    if (port < 1 || port > 65_535) {
      throw usageError.apply("--health-port must be in [1, 65535], got " + port);
    }
    HealthStatusManager health = new HealthStatusManager();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .addService(health.getHealthService())
            .build()
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  health.enterTerminalState();
                  server.shutdown();
                  try {
                    server.awaitTermination(1, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "zoopipe-health-shutdown"));
  }
}
