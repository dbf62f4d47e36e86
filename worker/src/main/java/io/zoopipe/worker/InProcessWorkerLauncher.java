package io.zoopipe.worker;

import static java.util.Objects.requireNonNull;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.rpc.Secrets;
import io.zoopipe.rpc.Worker;
import io.zoopipe.rpc.WorkerLauncher;
import io.zoopipe.worker.rpc.WorkerGrpcService;
import io.zoopipe.worker.run.ShardRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs workers as in-process gRPC servers in this JVM: the same service, protocol and secret check
 * as worker processes, without process start-up, reading and writing through the storage it is
 * given. For tests and embedding. Thread-safe.
 */
public final class InProcessWorkerLauncher implements WorkerLauncher {
  private static final AtomicInteger SERVERS = new AtomicInteger();

  private final int workers;
  private final List<Path> plugins;
  private final Duration progressInterval;
  private final StorageFactory storage;

  public InProcessWorkerLauncher(int workers) {
    this(workers, List.of(), Duration.ofMillis(200));
  }

  /** Workers that read and write through {@link StorageFactory#defaults()}. */
  public InProcessWorkerLauncher(int workers, List<Path> plugins, Duration progressInterval) {
    this(workers, plugins, progressInterval, StorageFactory.defaults());
  }

  /**
   * @param storage what the workers read and write through; it stays the caller's to close
   */
  public InProcessWorkerLauncher(
      int workers, List<Path> plugins, Duration progressInterval, StorageFactory storage) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    this.workers = workers;
    this.plugins = List.copyOf(plugins);
    this.progressInterval = progressInterval;
    this.storage = requireNonNull(storage, "storage is null");
  }

  @Override
  public int size() {
    return workers;
  }

  @Override
  public String describe() {
    return workers + " in-process worker" + (workers == 1 ? "" : "s");
  }

  @Override
  public List<Worker> launch() throws IOException {
    List<Worker> result = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      String name = "in-process-worker-" + SERVERS.incrementAndGet();
      String secret = Secrets.newSecret();
      PluginClasses classes = new PluginClasses(plugins);
      WorkerServer server =
          new WorkerServer(
                  InProcessServerBuilder.forName(name).directExecutor(),
                  new WorkerGrpcService(new ShardRunner(classes, storage), name, progressInterval),
                  secret)
              .start();
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      result.add(
          new Worker(
              name,
              channel,
              ClientInterceptors.intercept(channel, Secrets.clientInterceptor(secret)),
              () -> !server.isTerminated(),
              () -> {
                server.stop();
                try {
                  classes.close();
                } catch (IOException e) {
                  // The class loader holds only open jar files; nothing to recover.
                }
              },
              false));
    }
    return List.copyOf(result);
  }
}
