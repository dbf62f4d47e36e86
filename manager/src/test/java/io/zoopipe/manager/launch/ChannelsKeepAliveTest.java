package io.zoopipe.manager.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.zoopipe.rpc.KeepAlive;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An idle channel to a server with {@link KeepAlive#server} stays connected through its pings,
 * while the same channel to a server with gRPC's default policy is sent away (GOAWAY {@code
 * too_many_pings}) at about the third ping. Real timings: Netty pings no more often than every 10
 * s, so this takes about 40 s.
 */
class ChannelsKeepAliveTest {
  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    servers.forEach(Server::shutdownNow);
  }

  @Test
  void anIdleChannelStaysReadyWhereTheDefaultPolicySendsItAway() throws Exception {
    ManagedChannel agreeing = connect(KeepAlive.server(loopback()));
    ManagedChannel defaults = connect(loopback());
    CompletableFuture<ConnectivityState> agreeingLeft = leavesReady(agreeing);
    CompletableFuture<ConnectivityState> defaultsLeft = leavesReady(defaults);

    ConnectivityState sentAway = defaultsLeft.get(timesClient(4).toMillis(), TimeUnit.MILLISECONDS);
    Throwable stillReady =
        catchThrowable(() -> agreeingLeft.get(timesClient(1).toMillis(), TimeUnit.MILLISECONDS));

    assertThat(sentAway).isNotEqualTo(ConnectivityState.READY);
    assertThat(stillReady).isInstanceOf(TimeoutException.class);
    assertThat(agreeing.getState(false)).isEqualTo(ConnectivityState.READY);
    assertThat(Channels.probe(agreeing, 5)).isNull();
  }

  private static Duration timesClient(int times) {
    return KeepAlive.CLIENT_TIME.multipliedBy(times).plusSeconds(2);
  }

  private static NettyServerBuilder loopback() {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
  }

  /** A server from {@code builder} with health checking, and a connected channel to it. */
  private ManagedChannel connect(NettyServerBuilder builder) throws IOException {
    Server server =
        builder.addService(new HealthStatusManager().getHealthService()).build().start();
    servers.add(server);
    ManagedChannel channel = Channels.plaintext("127.0.0.1", server.getPort());
    channels.add(channel);
    assertThat(Channels.probe(channel, 5)).isNull();
    return channel;
  }

  /** Completes with the new state once {@code channel} is no longer READY. */
  private static CompletableFuture<ConnectivityState> leavesReady(ManagedChannel channel) {
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
    CompletableFuture<ConnectivityState> left = new CompletableFuture<>();
    channel.notifyWhenStateChanged(
        ConnectivityState.READY, () -> left.complete(channel.getState(false)));
    return left;
  }
}
