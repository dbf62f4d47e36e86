package io.zoopipe.cli;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.zoopipe.rpc.Secrets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which job service ({@code zoopipe serve}) a client command calls and how: {@code --server}, TLS
 * and the secret ({@code --secret-file} or {@code $ZOOPIPE_WORKER_SECRET}), as {@code serve} was
 * started with.
 */
final class JobServerOptions {
  /** Where the server is when neither --server nor {@value #SERVER_VARIABLE} says. */
  static final String DEFAULT_SERVER = "127.0.0.1:50051";

  /** The environment variable naming the server when --server is not given. */
  static final String SERVER_VARIABLE = "ZOOPIPE_SERVER";

  @Option(
      names = "--server",
      paramLabel = "HOST:PORT",
      description =
          "The job service (zoopipe serve) to call (default: $ZOOPIPE_SERVER, else "
              + DEFAULT_SERVER
              + ").")
  @Nullable String server;

  @Mixin ClientTlsOptions tls = new ClientTlsOptions();

  @Mixin SecretOptions secret = new SecretOptions();

  /** The server's {@code host:port}. */
  String target() {
    String target = server != null ? server : System.getenv(SERVER_VARIABLE);
    target = target == null || target.isBlank() ? DEFAULT_SERVER : target.strip();
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      throw new UsageException("--server '" + target + "' must look like host:port");
    }
    return target;
  }

  /**
   * A channel to the server, carrying the secret when there is one; the caller closes it.
   *
   * @throws UsageException for a bad address, TLS file or secret file
   */
  Connection connect() {
    String target = target();
    String key = secret.secret(System.getenv(), UsageException::new);
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(target, tls.credentials())
            .maxInboundMessageSize(16 << 20)
            .build();
    Channel calls =
        key == null
            ? channel
            : ClientInterceptors.intercept(channel, Secrets.clientInterceptor(key));
    return new Connection(target, channel, calls);
  }

  /** An open channel to the server; closing it shuts the channel down. */
  record Connection(String target, ManagedChannel managed, Channel channel)
      implements AutoCloseable {
    /** A one-line reason for a failed call, naming the server. */
    String describe(StatusRuntimeException e) {
      String description = e.getStatus().getDescription();
      return "server "
          + target
          + ": "
          + e.getStatus().getCode()
          + (description == null ? "" : ": " + description);
    }

    @Override
    public void close() {
      managed.shutdownNow();
      try {
        managed.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
