package io.zoopipe.manager.launch;

import static java.util.Objects.requireNonNull;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.zoopipe.rpc.Secrets;
import io.zoopipe.rpc.Worker;
import io.zoopipe.rpc.WorkerLauncher;
import io.zoopipe.rpc.WorkerProcess;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts worker JVMs on this machine: {@code java <heap options> -cp <class path> WorkerMain --host
 * 127.0.0.1 --port 0 --exit-with-parent --plugin ...}, each with a fresh secret in its environment,
 * and learns each one's ephemeral port from its first line of output. The workers listen on
 * loopback only, accept only calls with their secret, exit when this JVM's end of their standard
 * input closes (this JVM died), and are destroyed by a shutdown hook when this JVM exits.
 * Thread-safe.
 */
public final class ProcessWorkerLauncher implements WorkerLauncher {
  /**
   * The JVM options of a worker unless {@value #JAVA_OPTS_VARIABLE} replaces them. The serial
   * collector with a fixed 64 MiB young generation: with {@code -Xms32m} it started with a young
   * generation of a few MiB and a warm worker ran heavy ETL at less than half the rate (220,000
   * against 480,000 rows/s on 2 cores); the parallel collector is as fast but about 30 MiB larger
   * per worker. The JIT options are those of {@code scripts/zoopipe}: a shard of a few seconds
   * otherwise spends about half its CPU in the C2 compiler; less inlining and a later C2 compile of
   * only the really hot methods leave that CPU to the rows.
   */
  public static final List<String> DEFAULT_JAVA_OPTIONS =
      List.of(
          "-Xms128m",
          "-Xmx256m",
          "-Xmn64m",
          "-XX:+UseSerialGC",
          "-Xss512k",
          "-XX:ReservedCodeCacheSize=64m",
          "-XX:MaxMetaspaceSize=128m",
          "-XX:FreqInlineSize=100",
          "-XX:MaxInlineLevel=8",
          "-XX:Tier4InvocationThreshold=20000",
          "-XX:Tier4MinInvocationThreshold=5000",
          "-XX:Tier4CompileThreshold=40000",
          "-XX:Tier4BackEdgeThreshold=200000");

  /** Environment variable that turns class data sharing off when {@code off}: see below. */
  public static final String CDS_VARIABLE = "ZOOPIPE_CDS";

  /** Environment variable with JVM options for workers, replacing the defaults. */
  public static final String JAVA_OPTS_VARIABLE = "ZOOPIPE_WORKER_JAVA_OPTS";

  private static final Logger logger = LoggerFactory.getLogger(ProcessWorkerLauncher.class);
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ProcessWorkerLauncher::destroyAll, "zoopipe-worker-reaper"));
  }

  private final int workers;
  private final List<Path> plugins;
  private final List<String> javaOptions;
  private final String classPath;
  private final Map<String, String> environment;

  /**
   * {@code workers} processes with this JVM's class path and the default (or configured) options.
   */
  public ProcessWorkerLauncher(int workers, List<Path> plugins) {
    this(workers, plugins, configuredJavaOptions(), System.getProperty("java.class.path"));
  }

  public ProcessWorkerLauncher(
      int workers, List<Path> plugins, List<String> javaOptions, String classPath) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    this.workers = workers;
    this.plugins = List.copyOf(plugins);
    this.javaOptions = List.copyOf(javaOptions);
    this.classPath = requireNonNull(classPath, "classPath is null");
    this.environment = Map.of();
  }

  private ProcessWorkerLauncher(ProcessWorkerLauncher base, Map<String, String> environment) {
    this.workers = base.workers;
    this.plugins = base.plugins;
    this.javaOptions = base.javaOptions;
    this.classPath = base.classPath;
    this.environment = Map.copyOf(environment);
  }

  /**
   * The same launcher whose workers get {@code environment} on top of this JVM's (which they
   * inherit): how settings such as an S3 endpoint given as an option reach them.
   */
  public ProcessWorkerLauncher withEnvironment(Map<String, String> environment) {
    return new ProcessWorkerLauncher(this, environment);
  }

  /** The options from {@value #JAVA_OPTS_VARIABLE}, else {@link #DEFAULT_JAVA_OPTIONS}. */
  public static List<String> configuredJavaOptions() {
    String configured = System.getenv(JAVA_OPTS_VARIABLE);
    if (configured == null || configured.isBlank()) {
      return DEFAULT_JAVA_OPTIONS;
    }
    return Arrays.asList(configured.trim().split("\\s+"));
  }

  @Override
  public int size() {
    return workers;
  }

  @Override
  public String describe() {
    return workers + " local worker process" + (workers == 1 ? "" : "es");
  }

  @Override
  public List<Worker> launch() throws IOException {
    List<CompletableFuture<Worker>> starting = new ArrayList<>();
    // Waiting for a worker's port blocks: on threads of our own, not the common pool (with 2 CPUs
    // it has one thread, which this would hold for the JVMs' whole start-up, and serialise them).
    ExecutorService connecting =
        Executors.newFixedThreadPool(
            workers,
            task -> {
              Thread thread = new Thread(task, "zoopipe-worker-connect");
              thread.setDaemon(true);
              return thread;
            });
    try {
      for (int i = 0; i < workers; i++) {
        Started started = startProcess(i);
        starting.add(CompletableFuture.supplyAsync(() -> connect(started), connecting));
      }
    } finally {
      connecting.shutdown(); // the tasks submitted run to their end
    }
    List<Worker> result = new ArrayList<>();
    IOException failure = null;
    for (CompletableFuture<Worker> future : starting) {
      try {
        result.add(future.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        failure = new IOException(describeCause(cause), cause);
      } catch (TimeoutException e) {
        failure = new IOException("a worker did not start within " + START_TIMEOUT_SECONDS + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new IOException("interrupted while starting workers", e);
      }
    }
    if (failure != null) {
      result.forEach(Worker::close);
      starting.forEach(f -> f.cancel(true));
      throw failure;
    }
    return List.copyOf(result);
  }

  /**
   * The class data sharing archive for workers on {@code classPath}: the {@code .jsa} file next to
   * a class path that is one jar ({@code scripts/cds-archive} makes it for the shaded jar at build
   * time), or null when there is none or {@code cds} is {@code off}. Mapping it saves a worker JVM
   * the loading and verifying of the classes a job needs.
   */
  static @Nullable Path classDataArchive(String classPath, @Nullable String cds) {
    if ("off".equals(cds)
        || !classPath.endsWith(".jar")
        || classPath.contains(File.pathSeparator)) {
      return null;
    }
    Path archive =
        Path.of(classPath.substring(0, classPath.length() - ".jar".length()) + ".jsa")
            .toAbsolutePath();
    return Files.isRegularFile(archive) ? archive : null;
  }

  private Started startProcess(int index) throws IOException {
    String secret = Secrets.newSecret();
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    if (Runtime.version().feature() >= 22) {
      // zstd-jni loads a native library; JDK 22+ warns about it unless it is granted.
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(javaOptions);
    Path archive = classDataArchive(classPath, System.getenv(CDS_VARIABLE));
    if (archive != null) {
      // A JDK other than the one that archived the classes ignores the archive; no warnings.
      command.add("-XX:SharedArchiveFile=" + archive);
      command.add("-Xlog:cds*=off");
    }
    command.add("-cp");
    command.add(classPath);
    command.add(WorkerProcess.MAIN_CLASS);
    command.addAll(List.of("--host", "127.0.0.1", "--port", "0", "--exit-with-parent"));
    for (Path plugin : plugins) {
      command.add("--plugin");
      command.add(plugin.toAbsolutePath().toString());
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.environment().put(Secrets.ENVIRONMENT_VARIABLE, secret);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    Process process = builder.start();
    LIVE.add(process);
    var unused = process.onExit().thenRun(() -> LIVE.remove(process));
    logger.info("Started worker {} as process {}", index, process.pid());
    return new Started(index, process, secret);
  }

  private static Worker connect(Started started) {
    Process process = started.process();
    int port;
    try {
      port = readPort(process);
    } catch (IOException e) {
      destroy(process);
      throw new IllegalStateException(e.getMessage(), e);
    }
    ManagedChannel channel = Channels.plaintext("127.0.0.1", port);
    String name =
        "worker-" + started.index() + " (pid " + process.pid() + ", 127.0.0.1:" + port + ")";
    return new Worker(
        name,
        channel,
        ClientInterceptors.intercept(channel, Secrets.clientInterceptor(started.secret())),
        () -> !exitsWithin(process, 500),
        () -> destroy(process),
        true);
  }

  /**
   * Reads the announcement line, then keeps draining standard output so the worker never blocks.
   */
  private static int readPort(Process process) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith(WorkerProcess.LISTENING_PREFIX)) {
        String address = line.substring(WorkerProcess.LISTENING_PREFIX.length()).trim();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        Thread drain = new Thread(() -> drain(reader), "zoopipe-worker-" + process.pid() + "-out");
        drain.setDaemon(true);
        drain.start();
        return port;
      }
    }
    throw new IOException(
        "worker process " + process.pid() + " exited before listening (see its messages above)");
  }

  private static void drain(BufferedReader reader) {
    try {
      while (reader.readLine() != null) {
        // Workers log to standard error; anything here is discarded.
      }
    } catch (IOException e) {
      // The worker is gone.
    }
  }

  /** Whether the process exits within {@code millis} (a killed one is reaped quickly). */
  private static boolean exitsWithin(Process process, long millis) {
    try {
      return process.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** Asks the worker to stop (it cancels its attempts and deletes their parts), then kills it. */
  static void destroy(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void destroyAll() {
    List<Process> processes = new ArrayList<>(LIVE);
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      try {
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static String describeCause(Throwable cause) {
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  private record Started(int index, Process process, String secret) {}
}
