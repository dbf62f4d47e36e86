package io.zoopipe.manager.launch;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.zoopipe.worker.rpc.Secrets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Connects to workers that are already running ({@code zoopipe worker} on other hosts or in
 * containers), given as {@code host:port}. With a secret, every call carries it. The manager does
 * not own these workers: closing one only closes its channel. Thread-safe.
 */
public final class RemoteWorkerLauncher implements WorkerLauncher {
  private final List<String> addresses;
  private final @Nullable String secret;

  /**
   * @throws IllegalArgumentException if an address is not {@code host:port}
   */
  public RemoteWorkerLauncher(List<String> addresses, @Nullable String secret) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("at least one worker address is needed");
    }
    addresses.forEach(RemoteWorkerLauncher::port);
    this.addresses = List.copyOf(addresses);
    this.secret = secret == null || secret.isBlank() ? null : secret;
  }

  @Override
  public int size() {
    return addresses.size();
  }

  @Override
  public String describe() {
    return addresses.size() + " remote worker" + (addresses.size() == 1 ? "" : "s");
  }

  @Override
  public List<Worker> launch() throws IOException {
    List<Worker> workers = new ArrayList<>();
    for (String address : addresses) {
      String host = address.substring(0, address.lastIndexOf(':'));
      ManagedChannel channel = Channels.plaintext(host, port(address));
      io.grpc.Channel calls =
          secret == null
              ? channel
              : ClientInterceptors.intercept(channel, Secrets.clientInterceptor(secret));
      Worker worker =
          new Worker(address, channel, calls, () -> Channels.healthy(calls), () -> {}, true);
      if (!Channels.healthy(calls)) {
        workers.add(worker);
        workers.forEach(Worker::close);
        throw new IOException(
            "worker " + address + " does not answer (is it running, and is the secret right?)");
      }
      workers.add(worker);
    }
    return List.copyOf(workers);
  }

  private static int port(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException(
          "worker address '" + address + "' must look like host:port");
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (port < 1 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("worker address '" + address + "' has an invalid port", e);
    }
  }
}
