package io.zoopipe.worker;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.zoopipe.worker.metrics.MetricsOptions;
import io.zoopipe.worker.metrics.MetricsServer;
import io.zoopipe.worker.rpc.Secrets;
import io.zoopipe.worker.rpc.WorkerGrpcService;
import io.zoopipe.worker.run.PluginClasses;
import io.zoopipe.worker.run.ShardRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zoopipe worker}: serves shard attempts over gRPC until stopped. Prints {@value
 * #LISTENING_PREFIX}{@code host:port} on standard output once it listens, which is how a launcher
 * learns an ephemeral port. With {@code --exit-with-parent} it exits when its standard input
 * closes, which happens when the process that started it dies, however it dies.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Run a worker: a gRPC server that runs shards of pipes for a manager.")
public final class WorkerCommand implements Callable<Integer> {
  /** The start of the line announcing the address. */
  public static final String LISTENING_PREFIX = "zoopipe-worker listening on ";

  private static final Logger logger = LoggerFactory.getLogger(WorkerCommand.class);

  @Spec @Nullable CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port; 0 picks a free one and prints it (default: ${DEFAULT-VALUE}).")
  int port = 0;

  @Option(
      names = "--plugin",
      paramLabel = "JAR",
      description = "Jar with schema and hook classes (repeatable).")
  List<Path> plugins = new ArrayList<>();

  @Option(
      names = "--exit-with-parent",
      description = "Exit when standard input closes (set by the manager that launches workers).")
  boolean exitWithParent;

  @Option(
      names = "--progress-millis",
      paramLabel = "N",
      description = "Progress report interval (default: ${DEFAULT-VALUE}).")
  long progressMillis = 300;

  @Mixin MetricsOptions metrics = new MetricsOptions();

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
    }
    String secret = System.getenv(Secrets.ENVIRONMENT_VARIABLE);
    if (secret != null && secret.isBlank()) {
      secret = null;
    }
    PluginClasses classes = new PluginClasses(plugins);
    InetSocketAddress address = new InetSocketAddress(host, port);
    MetricsServer metricsServer = metrics.start(host);
    WorkerGrpcService service =
        new WorkerGrpcService(
            new ShardRunner(classes, metricsServer == null ? null : metricsServer.registry()),
            "worker-" + ProcessHandle.current().pid() + "@" + host,
            Duration.ofMillis(Math.max(50, progressMillis)));
    WorkerServer server =
        new WorkerServer(NettyServerBuilder.forAddress(address), service, secret).start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "zoopipe-worker-shutdown"));
    if (secret == null && !address.getAddress().isLoopbackAddress()) {
      logger.warn(
          "Listening on {} without a secret: anyone who can reach it can run pipes as this user",
          host);
    }
    PrintWriter out =
        spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    out.println(LISTENING_PREFIX + host + ":" + server.port());
    out.flush();
    logger.info("Worker listening on {}:{}", host, server.port());
    if (exitWithParent) {
      watchStandardInput();
    }
    server.awaitTermination();
    return 0;
  }

  /** Exits (running the shutdown hook, which stops attempts) once standard input closes. */
  private static void watchStandardInput() {
    Thread watcher =
        new Thread(
            () -> {
              InputStream in = System.in;
              byte[] buffer = new byte[256];
              try {
                while (in.read(buffer) >= 0) {
                  // The parent never writes; anything read is ignored.
                }
              } catch (IOException e) {
                // A broken pipe means the parent is gone, like end of input.
              }
              logger.info("Standard input closed: the manager is gone; stopping");
              System.exit(0);
            },
            "zoopipe-worker-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
