package io.zoopipe.manager.launch;

import static java.util.Objects.requireNonNull;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.zoopipe.rpc.Worker;
import io.zoopipe.rpc.WorkerChanges;
import io.zoopipe.rpc.WorkerLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to the running workers behind one DNS name ({@code name:port}): every address the name
 * resolves to is a worker, as with a Kubernetes headless Service or a compose service scaled with
 * {@code --scale}. A job resolves the name again every {@link #refreshInterval()}: workers whose
 * address appeared join, workers whose address disappeared leave. Each worker is dialled by its
 * address but presents the DNS name as its authority, so a TLS certificate names the service, not
 * every pod. Calls carry the secret when there is one. The manager does not own these workers:
 * closing one only closes its channel. Thread-safe.
 */
public final class DnsWorkerLauncher implements WorkerLauncher {
  private static final Logger logger = LoggerFactory.getLogger(DnsWorkerLauncher.class);
  private static final int LAUNCH_PROBE_SECONDS = 5;
  private static final int REFRESH_PROBE_SECONDS = 2;

  /** Looks a host name up; {@link InetAddress#getAllByName} outside tests. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * Every address of {@code host}.
     *
     * @throws UnknownHostException when it has none
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  private final String host;
  private final int port;
  private final @Nullable String secret;
  private final ChannelCredentials credentials;
  private final boolean tls;
  private final Duration refreshInterval;
  private final Resolver resolver;
  private volatile int size;

  /**
   * Workers behind {@code nameAndPort}, found with the JVM's resolver (mind its cache: {@code
   * networkaddress.cache.ttl}).
   *
   * @throws IllegalArgumentException if {@code nameAndPort} is not {@code name:port} or the
   *     interval is not positive
   */
  public DnsWorkerLauncher(
      String nameAndPort,
      @Nullable String secret,
      ChannelCredentials credentials,
      Duration refreshInterval) {
    this(
        nameAndPort,
        secret,
        credentials,
        refreshInterval,
        name -> List.of(InetAddress.getAllByName(name)));
  }

  /** As the other constructor, with the resolver given. */
  public DnsWorkerLauncher(
      String nameAndPort,
      @Nullable String secret,
      ChannelCredentials credentials,
      Duration refreshInterval,
      Resolver resolver) {
    this.port = RemoteWorkerLauncher.port(nameAndPort);
    this.host = nameAndPort.substring(0, nameAndPort.lastIndexOf(':'));
    if (refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException("refresh interval must be > 0, got " + refreshInterval);
    }
    this.secret = secret == null || secret.isBlank() ? null : secret;
    this.credentials = requireNonNull(credentials, "credentials is null");
    this.tls = !(credentials instanceof InsecureChannelCredentials);
    this.refreshInterval = refreshInterval;
    this.resolver = requireNonNull(resolver, "resolver is null");
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String describe() {
    int count = size;
    return (count == 0 ? "the" : count + "")
        + " worker"
        + (count == 1 ? "" : "s")
        + " behind DNS name "
        + host
        + ":"
        + port
        + (tls ? " (TLS)" : "");
  }

  @Override
  public Optional<Duration> refreshInterval() {
    return Optional.of(refreshInterval);
  }

  /**
   * Connects to every address of the name that answers a health check.
   *
   * @throws IOException when the name resolves to nothing, or no address answers
   */
  @Override
  public List<Worker> launch() throws IOException {
    Map<String, String> addresses;
    try {
      addresses = addresses();
    } catch (UnknownHostException e) {
      throw new IOException(
          "worker DNS name " + host + " resolves to no address (" + e.getMessage() + ")", e);
    }
    List<Worker> workers = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> address : addresses.entrySet()) {
      Worker worker = connect(address.getKey(), address.getValue(), LAUNCH_PROBE_SECONDS, failures);
      if (worker != null) {
        workers.add(worker);
      }
    }
    if (workers.isEmpty()) {
      throw new IOException(
          "no worker behind DNS name "
              + host
              + ":"
              + port
              + " answers: "
              + String.join("; ", failures)
              + " (are they running, with "
              + (tls ? "TLS" : "plaintext")
              + ", and are the secret and certificates right?)");
    }
    failures.forEach(failure -> logger.warn("Starting without a worker for now: {}", failure));
    size = workers.size();
    logger.info("Found {} worker(s) behind DNS name {}:{}", workers.size(), host, port);
    return List.copyOf(workers);
  }

  @Override
  public WorkerChanges refresh(Set<String> current) {
    Map<String, String> addresses;
    try {
      addresses = addresses();
    } catch (UnknownHostException e) {
      logger.warn("Worker DNS name {} resolves to nothing now; keeping the workers", host);
      return WorkerChanges.NONE;
    }
    List<Worker> joined = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> address : addresses.entrySet()) {
      if (!current.contains(address.getKey())) {
        Worker worker =
            connect(address.getKey(), address.getValue(), REFRESH_PROBE_SECONDS, failures);
        if (worker != null) {
          joined.add(worker);
        }
      }
    }
    Set<String> left = new LinkedHashSet<>(current);
    left.removeAll(addresses.keySet());
    size = current.size() - left.size() + joined.size();
    return new WorkerChanges(joined, left);
  }

  /** Worker names ({@code address:port}) to the addresses to dial, in address order. */
  private Map<String, String> addresses() throws UnknownHostException {
    List<InetAddress> resolved = resolver.resolve(host);
    if (resolved.isEmpty()) {
      throw new UnknownHostException(host + ": no addresses");
    }
    Map<String, String> names = new TreeMap<>();
    for (InetAddress address : resolved) {
      String literal = address.getHostAddress();
      String name = literal.contains(":") ? "[" + literal + "]:" + port : literal + ":" + port;
      names.put(name, literal);
    }
    return names;
  }

  private @Nullable Worker connect(
      String name, String address, int probeSeconds, List<String> failures) {
    Worker worker = Channels.remote(name, address, port, host + ":" + port, secret, credentials);
    String failure = Channels.probe(worker.channel(), probeSeconds);
    if (failure == null) {
      return worker;
    }
    worker.close();
    failures.add(name + " does not answer: " + failure);
    return null;
  }
}
