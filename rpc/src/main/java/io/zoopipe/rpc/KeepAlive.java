package io.zoopipe.rpc;

import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one keep-alive policy of both ends. A manager's channel pings its worker every {@link
 * #CLIENT_TIME}, calls in flight or not, so that a dead peer is noticed within {@link #CLIENT_TIME}
 * plus {@link #CLIENT_TIMEOUT}; a server (a worker, {@code zoopipe serve}) permits pings that often
 * without calls, where gRPC's default policy (one ping every five minutes, none without calls)
 * would answer the third idle ping with GOAWAY {@code too_many_pings}. The server's {@link
 * #SERVER_PERMIT_TIME} is shorter than the client's time so that timer jitter never counts as a
 * strike. Stateless.
 */
public final class KeepAlive {
  /** How long a channel waits without reading before it pings (10 s is Netty's minimum). */
  public static final Duration CLIENT_TIME = Duration.ofSeconds(10);

  /** How long a ping may go unanswered before the channel counts the peer as gone. */
  public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

  /** The shortest interval between client pings a server accepts; at most {@link #CLIENT_TIME}. */
  public static final Duration SERVER_PERMIT_TIME = Duration.ofSeconds(5);

  private KeepAlive() {}

  /** Sets the client policy on {@code builder}: pings every {@link #CLIENT_TIME}, idle or not. */
  public static <T extends ManagedChannelBuilder<T>> T client(T builder) {
    return builder
        .keepAliveTime(CLIENT_TIME.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveWithoutCalls(true);
  }

  /**
   * Sets the server policy on {@code builder}: accepts the pings of {@link #client} channels, with
   * or without calls. Only for builders of a network transport (Netty); an in-process one has no
   * keep-alive and throws {@link UnsupportedOperationException}.
   */
  public static <T extends ServerBuilder<T>> T server(T builder) {
    return builder
        .permitKeepAliveTime(SERVER_PERMIT_TIME.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true);
  }
}
