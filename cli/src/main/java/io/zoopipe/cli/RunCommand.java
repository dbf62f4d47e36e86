package io.zoopipe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grpc.ChannelCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.cli.metrics.MetricsOptions;
import io.zoopipe.cli.metrics.MetricsServer;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.io.local.LocalStorage;
import io.zoopipe.common.io.local.StandardStreamStorage;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipeExecution;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.manager.launch.EarlyWorkerLauncher;
import io.zoopipe.manager.launch.ProcessWorkerLauncher;
import io.zoopipe.rpc.WorkerLauncher;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zoopipe run}: runs one pipe in this JVM. Everything is checked before anything is written:
 * options, classes, the input's existence and the outputs' directories. Exit status 0 when the run
 * completed (rows routed to the error output are not a failure), 1 when it failed or was
 * interrupted, 2 when the command line is wrong, 3 when more rows failed than {@code --max-errors}
 * or {@code --max-error-rate} allow.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    sortOptions = false,
    description = "Run a pipe: read, validate, transform and write records.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PipeDefinitionOptions pipeOptions = new PipeDefinitionOptions();

  @Option(
      names = "--plugin",
      paramLabel = "JAR",
      description = "Jar with schema and hook classes (repeatable).")
  List<Path> plugins = new ArrayList<>();

  @Option(
      names = "--report",
      paramLabel = "FILE.json",
      description = "Write the final report as JSON.")
  @Nullable Path report;

  @Option(
      names = "--progress",
      paramLabel = "auto|bar|plain|none",
      description = "Progress display (default: ${DEFAULT-VALUE}).")
  String progress = "auto";

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "Worker JVMs to run shards on; 0 or 1 runs in this JVM (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--shards",
      paramLabel = "S",
      description = "Shards to cut the input into (default: 4 per worker, at least 1 MiB each).")
  int shards;

  @Mixin FleetOptions fleet = new FleetOptions();

  @Mixin WorkerTlsOptions workerTls = new WorkerTlsOptions();

  @Mixin SecretOptions workerSecret = new SecretOptions();

  @Mixin S3Options s3 = new S3Options();

  @Mixin MetricsOptions metrics = new MetricsOptions();

  /** What {@code -} reads and writes: this process's standard streams unless a test sets them. */
  StandardStreamStorage standardStreams =
      new StandardStreamStorage(System.in, new FileOutputStream(FileDescriptor.out));

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    S3Options.Configured s3Configured = s3.configure(standardStreams);
    fleet.validate();
    if (workerTls.isSet() && !fleet.isSet()) {
      throw new UsageException("the --worker-tls-* options need --worker-address");
    }
    ChannelCredentials workerCredentials = workerTls.credentials();
    String secret = fleetSecret();
    try (EarlyWorkerLauncher early = earlyWorkers(s3Configured.workerEnvironment());
        StorageFactory storage = s3Configured.storage();
        PluginClasses classes = pluginClasses();
        MetricsServer metricsServer = metrics.start("127.0.0.1")) {
      MeterRegistry registry = metricsServer == null ? null : metricsServer.registry();
      if (!List.of("auto", "bar", "plain", "none").contains(progress)) {
        throw new UsageException(
            "--progress must be auto, bar, plain or none, got '" + progress + "'");
      }
      Pipe pipe = pipeOptions.build(classes, registry, storage);
      // A JDBC driver from a plugin jar is found through the context class loader.
      Thread current = Thread.currentThread();
      ClassLoader before = current.getContextClassLoader();
      current.setContextClassLoader(classes.loader());
      try {
        preflight(pipe);
      } finally {
        current.setContextClassLoader(before);
      }
      // With --output - the records are standard output: everything else goes to standard error.
      PrintWriter summary =
          PipeDefinitionOptions.location("--output", pipeOptions.output).isStandardStream()
              ? err
              : out;
      if (workers > 1 || fleet.isSet()) {
        refuseStreams();
        Map<String, Object> context = new java.util.LinkedHashMap<>();
        context.put("input", pipeOptions.input);
        context.put("output", pipeOptions.output);
        if (pipeOptions.errors != null) {
          context.put("errors", pipeOptions.errors);
        }
        if (workers < 0) {
          throw new UsageException("--workers must be >= 0, got " + workers);
        }
        if (shards < 0) {
          throw new UsageException("--shards must be >= 0, got " + shards);
        }
        return new DistributedRun(
                pipeOptions.describe(pipe),
                workers,
                shards,
                remoteOrEarly(fleet.launcher(secret, workerCredentials), early),
                plugins,
                progress,
                report,
                context,
                s3Configured.workerEnvironment(),
                storage,
                registry)
            .run(out, err);
      }
      ProgressListener listener = Progress.create(progress, err);
      Thread previous = Thread.currentThread();
      ClassLoader saved = previous.getContextClassLoader();
      previous.setContextClassLoader(classes.loader());
      PipeReport result;
      try {
        result = runInterruptibly(pipe, listener, err);
      } finally {
        previous.setContextClassLoader(saved);
      }
      awaitExitIfInterrupted();
      summary.println(result.summaryLine());
      if (result.exception() != null) {
        err.println("zoopipe run: failed: " + describeFailure(result.exception()));
      }
      writeReport(result);
      summary.flush();
      return ZooPipeCli.exitStatus(result);
    }
  }

  /**
   * Local worker JVMs for {@code --workers N}, begun now: they start while this JVM loads the job's
   * classes, checks the input and plans the shards, instead of after. None for a run in this JVM,
   * on a fleet, or on a stream (which is refused later).
   */
  private @Nullable EarlyWorkerLauncher earlyWorkers(Map<String, String> workerEnvironment) {
    if (workers <= 1 || fleet.isSet() || readsOrWritesStream()) {
      return null;
    }
    return new EarlyWorkerLauncher(
        new ProcessWorkerLauncher(workers, plugins).withEnvironment(workerEnvironment));
  }

  private static @Nullable WorkerLauncher remoteOrEarly(
      @Nullable WorkerLauncher remote, @Nullable EarlyWorkerLauncher early) {
    return remote != null ? remote : early;
  }

  private boolean readsOrWritesStream() {
    try {
      refuseStreams();
      return false;
    } catch (UsageException | IllegalArgumentException e) {
      return true;
    }
  }

  /**
   * Standard streams and other streams (a FIFO, a device) are read or written by this JVM only: a
   * worker JVM has other standard streams, and a stream cannot be cut into shards.
   */
  private void refuseStreams() {
    for (String text : List.of(pipeOptions.input, pipeOptions.output)) {
      Location location = PipeDefinitionOptions.location("--input", text);
      if (location.isStandardStream()
          || (location.isFile() && LocalStorage.isSpecialFile(location.toPath()))) {
        throw new UsageException(
            text
                + " is a stream, read and written by this JVM only: it cannot be used with"
                + " --workers or --worker-address");
      }
    }
  }

  /** A failure in one line; a reader of standard output that went away is said so. */
  private String describeFailure(Throwable e) {
    if (PipeDefinitionOptions.location("--output", pipeOptions.output).isStandardStream()) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof IOException
            && String.valueOf(cause.getMessage()).contains("Broken pipe")) {
          return "standard output was closed by its reader (broken pipe); the output is"
              + " incomplete";
        }
      }
    }
    return describe(e);
  }

  /** Runs the pipe with Ctrl-C handled by an {@link InterruptHandler}. */
  private static PipeReport runInterruptibly(Pipe pipe, ProgressListener listener, PrintWriter err)
      throws InterruptedException {
    PipeExecution execution = pipe.start();
    InterruptHandler handler =
        InterruptHandler.install(
            err,
            timeout -> {
              execution.shutdown();
              execution.await(timeout);
            });
    try {
      while (!execution.await(Duration.ofSeconds(1))) {
        listener.onProgress(execution.report());
      }
    } finally {
      handler.close();
    }
    PipeReport report = execution.report();
    listener.onFinished(report);
    return report;
  }

  /**
   * Once Ctrl-C is being handled the interrupt handler prints the one line and ends the process:
   * the run's own report would contradict it.
   */
  static void awaitExitIfInterrupted() throws InterruptedException {
    if (InterruptHandler.interrupted()) {
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /** The secret for {@code --worker-address} workers, checked before anything runs. */
  private @Nullable String fleetSecret() {
    if (workerSecret.file != null && !fleet.isSet()) {
      throw new UsageException("--secret-file needs --worker-address");
    }
    return workerSecret.secret(System.getenv(), UsageException::new);
  }

  private PluginClasses pluginClasses() {
    try {
      return new PluginClasses(plugins);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }

  /** Fails fast on a missing input or an unwritable output, before anything is written. */
  private void preflight(Pipe pipe) {
    Location in = PipeDefinitionOptions.location("--input", pipeOptions.input);
    try {
      if (!pipe.storage().forLocation(in).exists(in)) {
        throw new UsageException("--input " + pipeOptions.input + ": no such file");
      }
      pipe.storage().forLocation(in).size(in);
      pipe.input().checkReadable(pipe.storage());
    } catch (NoSuchFileException e) {
      throw new UsageException("--input " + pipeOptions.input + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new UsageException("--input " + pipeOptions.input + ": access denied", e);
    } catch (IOException e) {
      throw new UsageException("--input " + pipeOptions.input + ": " + withoutLocation(in, e), e);
    } catch (IllegalArgumentException e) { // the storage's settings, such as a bad S3 variable
      throw new UsageException("--input " + pipeOptions.input + ": " + e.getMessage(), e);
    }
    checkWritable("--output", pipe.output(), pipe.storage());
    if (pipe.errorOutput() != null) {
      checkWritable("--errors", pipe.errorOutput(), pipe.storage());
    }
    if (report != null) {
      checkReportWritable(report);
    }
  }

  /** The message of {@code e} without the location it starts with (the option names it). */
  private static String withoutLocation(Location location, Exception e) {
    String message = String.valueOf(e.getMessage());
    String prefix = location + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /** The report is written after the run: a place it cannot go must fail the run before. */
  private static void checkReportWritable(Path report) {
    Path absolute = report.toAbsolutePath();
    Path parent = absolute.getParent();
    String problem = null;
    if (Files.isDirectory(absolute)) {
      problem = "is a directory";
    } else if (parent == null || !Files.isDirectory(parent)) {
      problem = "no such directory: " + parent;
    } else if (!Files.isWritable(parent)
        || (Files.exists(absolute) && !Files.isWritable(absolute))) {
      problem = "not writable";
    }
    if (problem != null) {
      throw new UsageException("--report " + report + ": " + problem);
    }
  }

  private static void checkWritable(String option, OutputAdapter adapter, StorageFactory storage) {
    try {
      adapter.checkWritable(storage);
    } catch (IOException | IllegalArgumentException e) {
      String message = describe(e);
      String where = adapter.location().map(Object::toString).orElse("");
      if (!where.isEmpty() && message.startsWith(where + ": ")) {
        message = message.substring(where.length() + 2);
      }
      throw new UsageException(option + " " + where + ": " + message, e);
    }
  }

  private void writeReport(PipeReport result) throws IOException {
    if (report == null) {
      return;
    }
    Map<String, Object> json = new java.util.LinkedHashMap<>(result.toMap());
    json.put("input", pipeOptions.input);
    json.put("output", pipeOptions.output);
    if (pipeOptions.errors != null) {
      json.put("errors", pipeOptions.errors);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), json);
  }

  static String describe(Throwable e) {
    if (e instanceof NoSuchFileException missing) {
      return "no such file or directory: "
          + (missing.getReason() != null ? missing.getReason() : missing.getFile());
    }
    if (e instanceof AccessDeniedException denied) {
      return "access denied: "
          + (denied.getReason() != null ? denied.getReason() : denied.getFile());
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
