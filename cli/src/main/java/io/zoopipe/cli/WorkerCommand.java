package io.zoopipe.cli;

import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.zoopipe.cli.ServerProtection.Gap;
import io.zoopipe.cli.metrics.MetricsOptions;
import io.zoopipe.cli.metrics.MetricsServer;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.validation.RowValidator;
import io.zoopipe.rpc.KeepAlive;
import io.zoopipe.rpc.WorkerProcess;
import io.zoopipe.worker.WorkerServer;
import io.zoopipe.worker.rpc.WorkerGrpcService;
import io.zoopipe.worker.run.ShardRunner;
import io.zoopipe.worker.run.StorageRoots;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
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
 * closes, which happens when the process that started it dies, however it dies. A worker for a
 * fleet takes TLS files ({@code --tls-cert}, {@code --tls-key}, {@code --tls-client-ca} for mutual
 * TLS), a secret ({@code --secret-file} or {@code $ZOOPIPE_WORKER_SECRET}) and storage roots
 * ({@code --storage-root}), and warns when it listens beyond loopback without them. A wrong command
 * line is a {@link WorkerUsageException}.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    sortOptions = false,
    description = {
      "Run a worker: a gRPC server that runs shards of pipes for a manager.",
      "A worker for a fleet should listen with TLS (--tls-cert, --tls-key; --tls-client-ca for"
          + " mutual TLS), require a secret (--secret-file or $ZOOPIPE_WORKER_SECRET, the same"
          + " for the manager)"
          + " and read and write only under its --storage-root directories and s3:// prefixes."
    })
public final class WorkerCommand implements Callable<Integer> {
  /** The start of the line announcing the address. */
  public static final String LISTENING_PREFIX = WorkerProcess.LISTENING_PREFIX;

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
      names = "--storage-root",
      paramLabel = "ROOT",
      description =
          "A local directory or an s3://bucket/prefix under which all reading and writing must"
              + " happen (repeatable); a shard naming any other location is refused with"
              + " PERMISSION_DENIED. Default: anywhere this user may.")
  List<String> storageRoots = new ArrayList<>();

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve TLS with this PEM certificate chain (needs --tls-key).")
  @Nullable Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description =
          "The PEM private key of --tls-cert (unencrypted PKCS#8, BEGIN PRIVATE KEY, or PKCS#1"
              + " RSA, BEGIN RSA PRIVATE KEY).")
  @Nullable Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "FILE",
      description =
          "Mutual TLS: accept only clients presenting a certificate signed by a CA in this PEM"
              + " file.")
  @Nullable Path tlsClientCa;

  @Mixin SecretOptions secretOptions = new SecretOptions();

  @Option(
      names = "--insecure",
      description =
          "Listen beyond loopback without a secret, TLS or storage roots (each missing one is"
              + " logged as a warning). Without it such a worker refuses to start.")
  boolean insecure;

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

  @Mixin HealthOptions healthOptions = new HealthOptions();

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65_535) {
      throw new WorkerUsageException("--port must be in [0, 65535], got " + port);
    }
    String secret = secretOptions.secret(System.getenv(), WorkerUsageException::new);
    ServerCredentials credentials = credentials();
    StorageRoots roots = roots();
    InetSocketAddress address = new InetSocketAddress(host, port);
    List<Gap> gaps = gaps(address, secret != null, roots);
    ServerProtection.require(gaps, insecure, host, "this worker", WorkerUsageException::new);
    PluginClasses classes = plugins();
    MetricsServer metricsServer = metrics.start(host);
    WorkerGrpcService service =
        new WorkerGrpcService(
            new ShardRunner(
                classes,
                roots,
                StorageFactory.defaults(),
                metricsServer == null ? null : metricsServer.registry()),
            "worker-" + ProcessHandle.current().pid() + "@" + host,
            Duration.ofMillis(Math.max(50, progressMillis)));
    WorkerServer server =
        new WorkerServer(
                KeepAlive.server(NettyServerBuilder.forAddress(address, credentials)),
                service,
                secret)
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "zoopipe-worker-shutdown"));
    healthOptions.start(host, WorkerUsageException::new);
    for (Gap gap : gaps) { // only with --insecure
      logger.warn("Listening on {} without {}: {}", host, gap.what(), gap.risk());
    }
    PrintWriter out =
        spec != null
            ? spec.commandLine().getOut()
            : new PrintWriter(System.out, true, Charset.defaultCharset());
    out.println(LISTENING_PREFIX + host + ":" + server.port());
    out.flush();
    logger.info("Worker listening on {}:{}", host, server.port());
    warmUp();
    if (exitWithParent) {
      watchStandardInput();
    }
    server.awaitTermination();
    return 0;
  }

  /**
   * Bootstraps Bean Validation (Hibernate Validator: a few hundred classes, much of a second of a
   * cold JVM's CPU) in the background while the worker waits for its first shard, which would
   * otherwise pay it before its first row.
   */
  private static void warmUp() {
    Thread thread =
        new Thread(
            () -> {
              try {
                Class.forName(
                    RowValidator.class.getName(), true, RowValidator.class.getClassLoader());
              } catch (ClassNotFoundException | LinkageError e) {
                logger.debug("Warming up Bean Validation failed: {}", e.toString());
              }
            },
            "zoopipe-worker-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** TLS from the files given, plaintext without them. */
  private ServerCredentials credentials() {
    return ServerProtection.credentials(tlsCert, tlsKey, tlsClientCa, WorkerUsageException::new);
  }

  private StorageRoots roots() {
    try {
      return StorageRoots.of(storageRoots);
    } catch (IllegalArgumentException e) {
      throw new WorkerUsageException("--storage-root: " + e.getMessage(), e);
    }
  }

  private PluginClasses plugins() {
    try {
      return new PluginClasses(plugins);
    } catch (IllegalArgumentException e) {
      throw new WorkerUsageException("--plugin: " + e.getMessage(), e);
    }
  }

  /**
   * What a worker on {@code address} lacks of a secret, TLS and storage roots (README, "Securing a
   * fleet"); nothing on loopback.
   */
  private List<Gap> gaps(InetSocketAddress address, boolean hasSecret, StorageRoots roots) {
    List<Gap> gaps = new ArrayList<>(ServerProtection.gaps(address, hasSecret, tlsCert != null));
    if (!ServerProtection.isLoopback(address) && !roots.isRestricted()) {
      gaps.add(
          new Gap(
              "storage roots (--storage-root)",
              "a caller may read and write any file this user can"));
    }
    return gaps;
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
