package io.zoopipe.manager.launch;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.zoopipe.rpc.KeepAlive;
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
    return KeepAlive.client(NettyChannelBuilder.forAddress(host, port, credentials))
        .maxInboundMessageSize(16 << 20)
        .build();
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
