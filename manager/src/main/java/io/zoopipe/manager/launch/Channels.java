package io.zoopipe.manager.launch;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.zoopipe.rpc.KeepAlive;
import io.zoopipe.rpc.Secrets;
import io.zoopipe.rpc.Worker;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Channels to workers: plaintext or TLS, with the keep-alive of {@link KeepAlive} (a dead peer is
 * noticed), and a health probe.
 */
final class Channels {
  private Channels() {}

  static ManagedChannel plaintext(String host, int port) {
    return forAddress(host, port, InsecureChannelCredentials.create());
  }

  static ManagedChannel forAddress(String host, int port, ChannelCredentials credentials) {
    return forAddress(host, port, credentials, null);
  }

  /**
   * A channel to {@code host:port} that presents itself as {@code authority} (the name a TLS
   * certificate must carry) when not null: a worker found by DNS is dialled by address but named by
   * its service name.
   */
  static ManagedChannel forAddress(
      String host, int port, ChannelCredentials credentials, @Nullable String authority) {
    NettyChannelBuilder builder =
        KeepAlive.client(NettyChannelBuilder.forAddress(host, port, credentials))
            .maxInboundMessageSize(16 << 20);
    if (authority != null) {
      builder.overrideAuthority(authority);
    }
    return builder.build();
  }

  /**
   * A worker that is already running, which the manager does not own (closing it closes only the
   * channel); every call carries {@code secret} when it is not null.
   */
  static Worker remote(
      String name,
      String host,
      int port,
      @Nullable String authority,
      @Nullable String secret,
      ChannelCredentials credentials) {
    ManagedChannel channel = forAddress(host, port, credentials, authority);
    Channel calls =
        secret == null
            ? channel
            : ClientInterceptors.intercept(channel, Secrets.clientInterceptor(secret));
    return new Worker(name, channel, calls, () -> healthy(calls), () -> {}, true);
  }

  /** Whether the worker answers a health check within a second. */
  static boolean healthy(Channel channel) {
    return probe(channel, 1) == null;
  }

  /**
   * Null when the worker answers a health check with SERVING within {@code seconds}, else why not
   * (one line: the status, and the cause of a failed connection such as a TLS handshake).
   */
  static @Nullable String probe(Channel channel, int seconds) {
    try {
      HealthCheckResponse response =
          HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(seconds, TimeUnit.SECONDS)
              .check(HealthCheckRequest.getDefaultInstance());
      return response.getStatus() == HealthCheckResponse.ServingStatus.SERVING
          ? null
          : "health status " + response.getStatus();
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      StringBuilder reason = new StringBuilder(status.getCode().name());
      if (status.getDescription() != null) {
        reason.append(": ").append(status.getDescription());
      }
      Throwable cause = status.getCause();
      while (cause != null && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause != null && cause.getMessage() != null) {
        reason.append(" (").append(cause.getMessage()).append(')');
      }
      return reason.toString().replace('\n', ' ');
    }
  }
}
