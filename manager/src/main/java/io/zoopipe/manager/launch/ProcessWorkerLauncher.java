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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
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

  /** The first JDK release whose workers map an ahead-of-time cache ({@code -XX:AOTCache}). */
  static final int AOT_CACHE_FEATURE = 25;

  /** Environment variable that turns class data sharing off when {@code off}: see below. */
  public static final String CDS_VARIABLE = "ZOOPIPE_CDS";

  /** Environment variable with JVM options for workers, replacing the defaults. */
  public static final String JAVA_OPTS_VARIABLE = "ZOOPIPE_WORKER_JAVA_OPTS";

  private static final Logger logger = LoggerFactory.getLogger(ProcessWorkerLauncher.class);
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final int TAIL_LINES = 10;
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  /**
   * Set when this JVM begins to exit: the reaper is stopping every worker, so one that dies before
   * it listens was stopped on purpose, and is neither reported nor replaced (with workers started
   * early, a command that fails its checks exits while they start).
   */
  private static volatile boolean exiting;

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ProcessWorkerLauncher::destroyAll, "zoopipe-worker-reaper"));
  }

  private final int workers;
  private final List<Path> plugins;
  private final List<String> javaOptions;
  private final String classPath;
  private final Map<String, String> environment;
  private final IntFunction<List<String>> startOptions;

  /** Set by {@link #cancel()}: launches give up, and workers still starting are stopped. */
  private final AtomicBoolean cancelled = new AtomicBoolean();

  /** This launcher's worker processes that have not announced their port yet. */
  private final Set<Process> starting = ConcurrentHashMap.newKeySet();

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
    this.startOptions = start -> List.of();
  }

  private ProcessWorkerLauncher(
      ProcessWorkerLauncher base,
      Map<String, String> environment,
      IntFunction<List<String>> startOptions) {
    this.workers = base.workers;
    this.plugins = base.plugins;
    this.javaOptions = base.javaOptions;
    this.classPath = base.classPath;
    this.environment = Map.copyOf(environment);
    this.startOptions = requireNonNull(startOptions, "startOptions is null");
  }

  /**
   * The same launcher whose workers get {@code environment} on top of this JVM's (which they
   * inherit): how settings such as an S3 endpoint given as an option reach them.
   */
  public ProcessWorkerLauncher withEnvironment(Map<String, String> environment) {
    return new ProcessWorkerLauncher(this, environment, startOptions);
  }

  /**
   * The same launcher that adds {@code options.apply(start)} to the JVM options of the worker
   * process started {@code start}-th (0, 1, ... for the first workers, then {@link #size()} plus
   * the slot for a replacement): how a test makes one worker die before it listens.
   */
  public ProcessWorkerLauncher withStartOptions(IntFunction<List<String>> options) {
    return new ProcessWorkerLauncher(this, environment, options);
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

  /**
   * Starts the workers. A worker that dies before it listens (or does not listen within a minute)
   * is reported with its exit status and last lines of output and replaced once; the job goes on
   * with the workers that are up, and fails only when none is, saying why each died.
   */
  @Override
  public List<Worker> launch() throws IOException {
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
    Map<Integer, Process> processes = new ConcurrentHashMap<>();
    List<CompletableFuture<Worker>> starting = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        int slot = i;
        starting.add(
            CompletableFuture.supplyAsync(() -> startWithReplacement(slot, processes), connecting));
      }
    } finally {
      connecting.shutdown(); // the tasks submitted run to their end
    }
    List<Worker> result = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2 * START_TIMEOUT_SECONDS);
    for (int slot = 0; slot < starting.size(); slot++) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        result.add(starting.get(slot).get(left, TimeUnit.NANOSECONDS));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        failures.add(describeCause(cause));
      } catch (TimeoutException e) {
        Process process = processes.get(slot);
        if (process != null) {
          destroy(process);
        }
        failures.add("worker " + slot + " did not start within " + START_TIMEOUT_SECONDS + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result.forEach(Worker::close);
        processes.values().forEach(ProcessWorkerLauncher::destroy);
        throw new IOException("interrupted while starting workers", e);
      }
    }
    if (stopping()) {
      // Stopped on purpose (the job will not run, or this JVM exits): nothing to report.
      result.forEach(Worker::close);
      throw new IOException("the start of " + describe() + " was cancelled");
    }
    if (result.isEmpty()) {
      throw new IOException("no worker started: " + String.join("; ", failures));
    }
    if (!failures.isEmpty()) {
      logger.warn(
          "Going on with {} of {} workers: {}",
          result.size(),
          workers,
          String.join("; ", failures));
    }
    return List.copyOf(result);
  }

  /** Starts the worker of {@code slot}, and once more if the first one dies before listening. */
  private Worker startWithReplacement(int slot, Map<Integer, Process> processes) {
    String first;
    try {
      return startAndConnect(slot, slot, processes);
    } catch (IOException e) {
      first = describeCause(e);
    }
    if (stopping()) {
      throw new IllegalStateException(first + " (stopped on purpose)");
    }
    logger.warn("{}; starting a replacement", first);
    try {
      return startAndConnect(slot, workers + slot, processes);
    } catch (IOException e) {
      throw new IllegalStateException(first + "; its replacement: " + describeCause(e), e);
    }
  }

  private Worker startAndConnect(int slot, int start, Map<Integer, Process> processes)
      throws IOException {
    if (stopping()) {
      throw new IOException("worker " + slot + " was not started (stopped on purpose)");
    }
    Started started = startProcess(slot, start);
    Process process = started.process();
    processes.put(slot, process);
    starting.add(process);
    try {
      if (stopping()) { // cancel() may have run before the process was in the set
        destroy(process);
      }
      return connect(started);
    } finally {
      starting.remove(process);
    }
  }

  /**
   * Stops this launcher's workers that are still starting, at once and quietly; a launch in
   * progress closes the workers it has and throws, and later launches throw too. Returns without
   * waiting for the processes to exit.
   */
  @Override
  public void cancel() {
    cancelled.set(true);
    starting.forEach(Process::destroy);
  }

  /** Whether workers are being stopped on purpose: by {@link #cancel()} or as this JVM exits. */
  private boolean stopping() {
    return cancelled.get() || exiting;
  }

  /**
   * The class data sharing archive for workers on {@code classPath}: the {@code .jsa} file next to
   * a class path that is one jar ({@code scripts/cds-archive} makes it for the shaded jar at build
   * time), or null when there is none or {@code cds} is {@code off}. Mapping it saves a worker JVM
   * the loading and verifying of the classes a job needs.
   */
  static @Nullable Path classDataArchive(String classPath, @Nullable String cds) {
    return classDataArchive(classPath, cds, ".jsa");
  }

  private static @Nullable Path classDataArchive(
      String classPath, @Nullable String cds, String suffix) {
    if ("off".equals(cds)
        || !classPath.endsWith(".jar")
        || classPath.contains(File.pathSeparator)) {
      return null;
    }
    Path archive =
        Path.of(classPath.substring(0, classPath.length() - ".jar".length()) + suffix)
            .toAbsolutePath();
    return Files.isRegularFile(archive) ? archive : null;
  }

  /**
   * The ahead-of-time cache for workers on {@code classPath} on a JDK of release {@code feature}:
   * the {@code .aot} file next to a class path that is one jar ({@code scripts/cds-archive} run
   * with JDK 25 or later makes it), or null before JDK 25, when there is none or {@code cds} is
   * {@code off}. Besides the classes loaded and linked it holds the training run's method profiles,
   * so that a worker's JIT compiles the hot code sooner.
   */
  static @Nullable Path aheadOfTimeCache(String classPath, @Nullable String cds, int feature) {
    Path archive = classDataArchive(classPath, cds, ".aot");
    return feature >= AOT_CACHE_FEATURE ? archive : null;
  }

  /**
   * The JVM options that map what the build archived for a worker on {@code classPath}: on JDK 25
   * or later its ahead-of-time cache when there is one, else the class data sharing archive, else
   * none. A JDK other than the one that made the file ignores it, and says nothing.
   */
  static List<String> sharingOptions(String classPath, @Nullable String cds, int feature) {
    Path cache = aheadOfTimeCache(classPath, cds, feature);
    if (cache != null) {
      return List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off");
    }
    Path archive = classDataArchive(classPath, cds);
    return archive == null
        ? List.of()
        : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
  }

  private Started startProcess(int index, int start) throws IOException {
    String secret = Secrets.newSecret();
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    if (Runtime.version().feature() >= 22) {
      // zstd-jni loads a native library; JDK 22+ warns about it unless it is granted.
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(javaOptions);
    command.addAll(startOptions.apply(start));
    command.addAll(
        sharingOptions(classPath, System.getenv(CDS_VARIABLE), Runtime.version().feature()));
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
    // Standard error is copied to ours line by line, and its last lines kept for the message
    // should the worker die before it listens.
    builder.redirectError(ProcessBuilder.Redirect.PIPE);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    Process process = builder.start();
    LIVE.add(process);
    var unused = process.onExit().thenRun(() -> LIVE.remove(process));
    OutputTail tail = new OutputTail(TAIL_LINES);
    tail.follow(process.getErrorStream(), System.err, "zoopipe-worker-" + process.pid() + "-err");
    logger.info("Started worker {} as process {}", index, process.pid());
    return new Started(index, process, secret, tail);
  }

  private static Worker connect(Started started) throws IOException {
    Process process = started.process();
    int port;
    try {
      port = readPort(process, started.tail());
    } catch (IOException e) {
      destroy(process);
      throw new IOException(
          "worker "
              + started.index()
              + " (process "
              + process.pid()
              + ") "
              + exitStatus(process)
              + " before listening; "
              + lastLines(started.tail()),
          e);
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
  private static int readPort(Process process, OutputTail tail) throws IOException {
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
      // Before it listens a worker writes nothing here but what its JVM says of a bad option.
      System.err.println(line);
      tail.add(line);
    }
    throw new IOException("worker process " + process.pid() + " closed its standard output");
  }

  private static String exitStatus(Process process) {
    try {
      if (process.waitFor(5, TimeUnit.SECONDS)) {
        return "exited with status " + process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "closed its output";
  }

  private static String lastLines(OutputTail tail) {
    List<String> lines;
    try {
      lines = tail.linesAtEnd(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lines = tail.lines();
    }
    return lines.isEmpty() ? "it wrote nothing" : "its last lines: " + String.join(" | ", lines);
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
    exiting = true;
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

  private record Started(int index, Process process, String secret, OutputTail tail) {}
}
