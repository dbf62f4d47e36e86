package io.zoopipe.worker;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.zoopipe.rpc.Secrets;
import io.zoopipe.worker.rpc.WorkerGrpcService;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A gRPC server running the worker service, gRPC health checking and server reflection. Takes a
 * {@link ServerBuilder} so that tests pass an in-process one. With a secret, every call but a
 * health check (reflection included) must carry it. Thread-safe.
 */
public final class WorkerServer {
  private static final Duration CANCEL_GRACE = Duration.ofSeconds(2);

  private final WorkerGrpcService service;
  private final HealthStatusManager health = new HealthStatusManager();
  private final Server server;

  /**
   * @param secret the secret every call must carry, or null to accept any call (a fleet worker
   *     behind its own network protection)
   */
  public WorkerServer(
      ServerBuilder<?> builder, WorkerGrpcService service, @Nullable String secret) {
    this.service = requireNonNull(service, "service is null");
    builder
        .addService(service)
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    if (secret != null) {
      builder.intercept(Secrets.serverInterceptor(secret));
    }
    this.server = builder.build();
  }

  public WorkerServer start() throws IOException {
    server.start();
    health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    return this;
  }

  /** The port listened on (the ephemeral one chosen when started with port 0); -1 in process. */
  public int port() {
    return server.getPort();
  }

  /**
   * Stops: running attempts are cancelled and their parts deleted (within about two seconds), then
   * the server shuts down gracefully, then forcibly.
   */
  public void stop() {
    health.enterTerminalState();
    service.cancelAll(CANCEL_GRACE);
    server.shutdown();
    try {
      if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  public boolean isTerminated() {
    return server.isTerminated();
  }
}
