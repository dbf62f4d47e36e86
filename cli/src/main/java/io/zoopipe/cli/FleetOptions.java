package io.zoopipe.cli;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.zoopipe.manager.launch.DnsWorkerLauncher;
import io.zoopipe.manager.launch.RemoteWorkerLauncher;
import io.zoopipe.rpc.WorkerLauncher;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where a manager ({@code run}, {@code serve}) finds running workers: a list of {@code
 * --worker-address}es, or every address of one {@code --workers-dns} name, looked up again while a
 * job runs. Neither means local workers.
 */
final class FleetOptions {
  /** The JVM's DNS cache time when the user set none: short enough for a refresh to see changes. */
  private static final String DNS_CACHE_SECONDS = "5";

  @Option(
      names = "--worker-address",
      paramLabel = "HOST:PORT",
      description =
          "A running worker to use instead of local ones (repeatable); its secret, if any, comes"
              + " from --secret-file or $ZOOPIPE_WORKER_SECRET. Locations must be valid on the"
              + " worker, and under its storage roots if it has any.")
  List<String> addresses = new ArrayList<>();

  @Option(
      names = "--workers-dns",
      paramLabel = "NAME:PORT",
      description =
          "Use every address of this DNS name as a running worker (a Kubernetes headless"
              + " Service, a compose service scaled with --scale), looked up again while a job"
              + " runs so that workers join and leave; instead of --worker-address.")
  @Nullable String dnsName;

  @Option(
      names = "--workers-dns-refresh",
      paramLabel = "SECONDS",
      description = "How often --workers-dns is looked up again (default: ${DEFAULT-VALUE}).")
  int dnsRefreshSeconds = 10;

  /** Whether running workers were given, by address or by name. */
  boolean isSet() {
    return !addresses.isEmpty() || dnsName != null;
  }

  /**
   * Checks the options before anything runs.
   *
   * @throws UsageException for both forms at once, a malformed address or name, or a bad interval
   */
  void validate() {
    if (dnsName != null && !addresses.isEmpty()) {
      throw new UsageException("--workers-dns and --worker-address exclude each other");
    }
    if (dnsRefreshSeconds < 1) {
      throw new UsageException("--workers-dns-refresh must be >= 1, got " + dnsRefreshSeconds);
    }
    launcher(null, InsecureChannelCredentials.create());
    if (dnsName != null
        && Security.getProperty("networkaddress.cache.ttl") == null
        && System.getProperty("sun.net.inetaddr.ttl") == null) {
      // The JVM caches a lookup for 30 s by default; a refresh must see a scaled fleet sooner.
      Security.setProperty("networkaddress.cache.ttl", DNS_CACHE_SECONDS);
    }
  }

  /**
   * The launcher for the running workers, or null when none were given.
   *
   * @throws UsageException for a malformed address or name
   */
  @Nullable WorkerLauncher launcher(@Nullable String secret, ChannelCredentials credentials) {
    try {
      if (dnsName != null) {
        return new DnsWorkerLauncher(
            dnsName, secret, credentials, Duration.ofSeconds(dnsRefreshSeconds));
      }
      return addresses.isEmpty() ? null : new RemoteWorkerLauncher(addresses, secret, credentials);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          (dnsName != null ? "--workers-dns: " : "--worker-address: ") + e.getMessage(), e);
    }
  }
}
