package io.zoopipe.cli.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --metrics-port} and {@code --metrics-host} options of a command, as a picocli mixin:
 * {@code @Mixin MetricsOptions metrics = new MetricsOptions();}. Without {@code --metrics-port}
 * nothing is served and nothing is metered. Not thread-safe (a command's options).
 */
public final class MetricsOptions {
  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec command;

  private @Nullable Integer port;
  private @Nullable String host;

  @Option(
      names = "--metrics-port",
      paramLabel = "N",
      description =
          "Serve meters in Prometheus text format at http://HOST:N/metrics; 0 picks a free port"
              + " (default: no metrics).")
  void port(int value) {
    if (value < 0 || value > 65_535) {
      throw new ParameterException(
          requireCommand().commandLine(), "--metrics-port must be in [0, 65535], got " + value);
    }
    this.port = value;
  }

  @Option(
      names = "--metrics-host",
      paramLabel = "HOST",
      description = "Address to serve metrics on (default: the command's own address).")
  void host(String value) {
    this.host = value;
  }

  /**
   * Starts the metrics server when {@code --metrics-port} was given, and says its URL on standard
   * error; it closes when the JVM shuts down, or earlier when its caller closes it.
   *
   * @param defaultHost where to listen without {@code --metrics-host}
   * @return the server, or null when metrics were not asked for
   * @throws IOException when the address cannot be bound
   */
  public @Nullable MetricsServer start(String defaultHost) throws IOException {
    if (port == null) {
      if (host != null) {
        throw new ParameterException(
            requireCommand().commandLine(), "--metrics-host needs --metrics-port");
      }
      return null;
    }
    MetricsServer server =
        MetricsServer.start(new InetSocketAddress(host != null ? host : defaultHost, port));
    // Said on standard error whatever the log level: with --metrics-port 0 it is the only way to
    // learn the port, and standard output stays the command's own (reports, listening lines).
    System.err.println("zoopipe: serving metrics at " + server.uri());
    return server;
  }

  private CommandSpec requireCommand() {
    if (command == null) {
      throw new IllegalStateException("MetricsOptions is used outside a picocli command");
    }
    return command;
  }
}
