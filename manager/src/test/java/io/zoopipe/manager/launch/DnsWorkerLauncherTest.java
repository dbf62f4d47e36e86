package io.zoopipe.manager.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.InsecureChannelCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.zoopipe.rpc.Worker;
import io.zoopipe.rpc.WorkerChanges;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DnsWorkerLauncher} against real gRPC health servers bound to 127.0.0.2 and 127.0.0.3 on
 * one port, with a resolver the test changes: every address is a worker, a refresh adds and
 * removes, and a name that resolves to nothing is a clear error at launch and no change later.
 */
class DnsWorkerLauncherTest {
  private final List<Server> servers = new ArrayList<>();
  private final List<Worker> workers = new ArrayList<>();
  private final List<InetAddress> resolved = new ArrayList<>();
  private int port;

  @BeforeEach
  void startServers() throws IOException {
    port = serve("127.0.0.2", 0);
    serve("127.0.0.3", port);
  }

  @AfterEach
  void stop() {
    workers.forEach(Worker::close);
    servers.forEach(Server::shutdownNow);
  }

  @Test
  void everyAddressOfTheNameIsAWorker() throws Exception {
    resolveTo("127.0.0.3", "127.0.0.2");

    List<Worker> launched = keep(launcher().launch());

    assertThat(launched)
        .extracting(Worker::name)
        .containsExactly("127.0.0.2:" + port, "127.0.0.3:" + port);
    assertThat(launched).allMatch(Worker::isAlive);
    assertThat(launcher().refreshInterval()).contains(Duration.ofSeconds(1));
  }

  @Test
  void aRefreshConnectsNewAddressesAndNamesThoseThatLeft() throws Exception {
    resolveTo("127.0.0.2");
    DnsWorkerLauncher launcher = launcher();
    keep(launcher.launch());
    resolveTo("127.0.0.3");

    WorkerChanges changes = launcher.refresh(Set.of("127.0.0.2:" + port));
    keep(changes.joined());

    assertThat(changes.joined()).extracting(Worker::name).containsExactly("127.0.0.3:" + port);
    assertThat(changes.left()).containsExactly("127.0.0.2:" + port);
    assertThat(launcher.size()).isEqualTo(1);
    assertThat(launcher.describe()).isEqualTo("1 worker behind DNS name workers.test:" + port);
  }

  @Test
  void aNameThatResolvesToNothingFailsTheLaunchWithItsName() {
    assertThatThrownBy(() -> launcher().launch())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("worker DNS name workers.test resolves to no address");
  }

  @Test
  void aNameThatStopsResolvingKeepsTheWorkers() throws Exception {
    resolveTo("127.0.0.2", "127.0.0.3");
    DnsWorkerLauncher launcher = launcher();
    keep(launcher.launch());
    resolved.clear();

    WorkerChanges changes = launcher.refresh(Set.of("127.0.0.2:" + port, "127.0.0.3:" + port));

    assertThat(changes.isEmpty()).isTrue();
    assertThat(launcher.size()).isEqualTo(2);
  }

  @Test
  void anAddressThatDoesNotAnswerIsLeftOutUntilItDoes() throws Exception {
    resolveTo("127.0.0.2", "127.0.0.4");
    DnsWorkerLauncher launcher = launcher();

    List<Worker> launched = keep(launcher.launch());
    int later = serve("127.0.0.4", port);
    WorkerChanges changes = launcher.refresh(Set.of("127.0.0.2:" + port));
    keep(changes.joined());

    assertThat(launched).extracting(Worker::name).containsExactly("127.0.0.2:" + port);
    assertThat(later).isEqualTo(port);
    assertThat(changes.joined()).extracting(Worker::name).containsExactly("127.0.0.4:" + port);
    assertThat(changes.left()).isEmpty();
  }

  @Test
  void noAnsweringAddressFailsTheLaunchNamingEach() {
    resolveTo("127.0.0.5");

    assertThatThrownBy(() -> launcher().launch())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no worker behind DNS name workers.test:" + port + " answers")
        .hasMessageContaining("127.0.0.5:" + port + " does not answer");
  }

  @Test
  void refusesANameWithoutAPort() {
    assertThatThrownBy(
            () ->
                new DnsWorkerLauncher(
                    "workers.test",
                    null,
                    InsecureChannelCredentials.create(),
                    Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must look like host:port");
  }

  private DnsWorkerLauncher launcher() {
    return new DnsWorkerLauncher(
        "workers.test:" + port,
        null,
        InsecureChannelCredentials.create(),
        Duration.ofSeconds(1),
        name -> {
          if (!name.equals("workers.test") || resolved.isEmpty()) {
            throw new UnknownHostException(name);
          }
          return List.copyOf(resolved);
        });
  }

  private void resolveTo(String... addresses) {
    resolved.clear();
    for (String address : addresses) {
      try {
        resolved.add(InetAddress.getByName(address));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private List<Worker> keep(List<Worker> launched) {
    workers.addAll(launched);
    return launched;
  }

  /** A health server on {@code host:port}; returns its port. */
  private int serve(String host, int port) throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .addService(new HealthStatusManager().getHealthService())
            .build()
            .start();
    servers.add(server);
    return server.getPort();
  }
}
