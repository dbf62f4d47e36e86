package io.zoopipe.cli;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.zoopipe.cli.ServerProtection.Gap;
import io.zoopipe.cli.metrics.MetricsOptions;
import io.zoopipe.cli.metrics.MetricsServer;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.manager.launch.ProcessWorkerLauncher;
import io.zoopipe.manager.rpc.JobGrpcService;
import io.zoopipe.rpc.KeepAlive;
import io.zoopipe.rpc.Secrets;
import io.zoopipe.rpc.WorkerLauncher;
import io.zoopipe.worker.InProcessWorkerLauncher;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zoopipe serve}: the job service over gRPC, with health checking and reflection. Each job
 * runs on its own local worker processes (or on the running workers given by address or DNS name;
 * one worker means in this JVM). Prints {@value #LISTENING_PREFIX}{@code host:port} once listening.
 * Protected like a fleet worker: TLS or mutual TLS ({@code --tls-cert}, {@code --tls-key}, {@code
 * --tls-client-ca}) and a secret ({@code --secret-file} or {@code $ZOOPIPE_WORKER_SECRET}, also
 * sent to {@code --worker-address} workers) that every call but a health check must carry; beyond
 * loopback it refuses to start without them unless {@code --insecure}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    sortOptions = false,
    description = "Serve the job API (zoopipe.v1.JobService) for other programs.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger logger = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin S3Options s3 = new S3Options();

  @Mixin MetricsOptions metrics = new MetricsOptions();

  @Mixin HealthOptions healthOptions = new HealthOptions();

  private Map<String, String> workerEnvironment = Map.of();
  private StorageFactory storage = StorageFactory.builder().build();

  static final String LISTENING_PREFIX = "zoopipe-serve listening on ";

  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 50_051;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Workers per job unless the job says (default: ${DEFAULT-VALUE}).")
  int workers = 2;

  @Mixin FleetOptions fleet = new FleetOptions();

  @Mixin WorkerTlsOptions workerTls = new WorkerTlsOptions();

  @Mixin SecretOptions secretOptions = new SecretOptions();

  private @Nullable String secret;

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

  @Option(
      names = "--insecure",
      description =
          "Listen beyond loopback without a secret or TLS (each missing one is logged as a"
              + " warning). Without it such a server refuses to start.")
  boolean insecure;

  private ChannelCredentials workerCredentials = InsecureChannelCredentials.create();

  @Option(
      names = "--keep-finished-jobs",
      paramLabel = "N",
      description =
          "Finished jobs whose reports are kept for GetJobReport and WatchJob (default:"
              + " ${DEFAULT-VALUE}); older ones are forgotten.")
  int keepFinishedJobs = JobGrpcService.DEFAULT_KEEP_FINISHED;

  @Option(
      names = "--keep-finished-minutes",
      paramLabel = "MINUTES",
      description = "How long a finished job's report is kept (default: ${DEFAULT-VALUE}).")
  long keepFinishedMinutes = JobGrpcService.DEFAULT_KEEP_FINISHED_FOR.toMinutes();

  @Option(
      names = "--plugin",
      paramLabel = "JAR",
      description = "Jar with schema and hook classes, for the workers (repeatable).")
  List<Path> plugins = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    S3Options.Configured s3Configured = s3.configure();
    workerEnvironment = s3Configured.workerEnvironment();
    storage = s3Configured.storage();
    if (port < 0 || port > 65_535) {
      throw new UsageException("--port must be in [0, 65535], got " + port);
    }
    if (workers < 1) {
      throw new UsageException("--workers must be >= 1, got " + workers);
    }
    if (keepFinishedJobs < 0 || keepFinishedMinutes < 0) {
      throw new UsageException("--keep-finished-jobs and --keep-finished-minutes must be >= 0");
    }
    fleet.validate();
    if (workerTls.isSet() && !fleet.isSet()) {
      throw new UsageException("the --worker-tls-* options need --worker-address");
    }
    workerCredentials = workerTls.credentials();
    secret = secretOptions.secret(System.getenv(), UsageException::new);
    ServerCredentials credentials =
        ServerProtection.credentials(tlsCert, tlsKey, tlsClientCa, UsageException::new);
    InetSocketAddress address = new InetSocketAddress(host, port);
    List<Gap> gaps = ServerProtection.gaps(address, secret != null, tlsCert != null);
    ServerProtection.require(gaps, insecure, host, "this job service", UsageException::new);
    WorkerMain.routeJulToSlf4j();
    MetricsServer metricsServer = metrics.start(host);
    // Submitted jobs' classes are checked against the workers' plugin jars; never closed: the
    // server runs until the JVM exits.
    @SuppressWarnings("resource")
    PluginClasses classes = new PluginClasses(plugins);
    JobGrpcService service =
        new JobGrpcService(
            this::launcher,
            workers,
            Duration.ofMillis(500),
            metricsServer == null ? null : metricsServer.registry(),
            storage,
            classes,
            keepFinishedJobs,
            Duration.ofMinutes(keepFinishedMinutes));
    HealthStatusManager health = new HealthStatusManager();
    NettyServerBuilder builder =
        KeepAlive.server(NettyServerBuilder.forAddress(address, credentials))
            .addService(service)
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance());
    if (secret != null) {
      builder.intercept(Secrets.serverInterceptor(secret));
    }
    Server server = builder.build().start();
    healthOptions.start(host, UsageException::new);
    for (Gap gap : gaps) { // only with --insecure
      logger.warn("Listening on {} without {}: {}", host, gap.what(), gap.risk());
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  health.enterTerminalState();
                  service.cancelAll();
                  server.shutdown();
                  try {
                    server.awaitTermination(2, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "zoopipe-serve-shutdown"));
    spec.commandLine().getOut().println(LISTENING_PREFIX + host + ":" + server.getPort());
    spec.commandLine().getOut().flush();
    server.awaitTermination();
    return 0;
  }

  private WorkerLauncher launcher(int count) {
    WorkerLauncher remote = fleet.launcher(secret, workerCredentials);
    if (remote != null) {
      return remote;
    }
    if (count <= 1) {
      return new InProcessWorkerLauncher(1, plugins, Duration.ofMillis(300), storage);
    }
    return new ProcessWorkerLauncher(count, plugins).withEnvironment(workerEnvironment);
  }
}
