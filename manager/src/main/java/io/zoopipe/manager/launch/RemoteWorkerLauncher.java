package io.zoopipe.manager.launch;

import static java.util.Objects.requireNonNull;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.zoopipe.rpc.Worker;
import io.zoopipe.rpc.WorkerLauncher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Connects to workers that are already running ({@code zoopipe worker} on other hosts or in
 * containers), given as {@code host:port}, in plaintext or with the given channel credentials (TLS:
 * {@code io.zoopipe.rpc.TlsCredentials#client}). With a secret, every call carries it. The manager
 * does not own these workers: closing one only closes its channel. Thread-safe.
 */
public final class RemoteWorkerLauncher implements WorkerLauncher {
  private final List<String> addresses;
  private final @Nullable String secret;
  private final ChannelCredentials credentials;
  private final boolean tls;

  /**
   * Plaintext connections.
   *
   * @throws IllegalArgumentException if an address is not {@code host:port}
   */
  public RemoteWorkerLauncher(List<String> addresses, @Nullable String secret) {
    this(addresses, secret, InsecureChannelCredentials.create());
  }

  /**
   * Connections with {@code credentials}: {@link InsecureChannelCredentials} for plaintext, TLS
   * channel credentials otherwise.
   *
   * @throws IllegalArgumentException if an address is not {@code host:port}
   */
  public RemoteWorkerLauncher(
      List<String> addresses, @Nullable String secret, ChannelCredentials credentials) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("at least one worker address is needed");
    }
    addresses.forEach(RemoteWorkerLauncher::port);
    this.addresses = List.copyOf(addresses);
    this.secret = secret == null || secret.isBlank() ? null : secret;
    this.credentials = requireNonNull(credentials, "credentials is null");
    this.tls = !(credentials instanceof InsecureChannelCredentials);
  }

  @Override
  public int size() {
    return addresses.size();
  }

  @Override
  public String describe() {
    return addresses.size()
        + " remote worker"
        + (addresses.size() == 1 ? "" : "s")
        + (tls ? " (TLS)" : "");
  }

  @Override
  public List<Worker> launch() throws IOException {
    List<Worker> workers = new ArrayList<>();
    for (String address : addresses) {
      String host = address.substring(0, address.lastIndexOf(':'));
      Worker worker = Channels.remote(address, host, port(address), null, secret, credentials);
      String failure = Channels.probe(worker.channel(), 5);
      if (failure != null) {
        workers.add(worker);
        workers.forEach(Worker::close);
        throw new IOException(
            "worker "
                + address
                + " does not answer: "
                + failure
                + " (is it running, with "
                + (tls ? "TLS" : "plaintext")
                + ", and are the secret and certificates right?)");
      }
      workers.add(worker);
    }
    return List.copyOf(workers);
  }

  /**
   * The port of {@code host:port}.
   *
   * @throws IllegalArgumentException if {@code address} is not {@code host:port}
   */
  static int port(String address) {
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
