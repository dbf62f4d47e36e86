package io.zoopipe.cli;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grpc.ChannelCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.cli.metrics.MetricsOptions;
import io.zoopipe.cli.metrics.MetricsServer;
import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.format.FormatRegistry;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.io.local.LocalStorage;
import io.zoopipe.common.io.local.StandardStreamStorage;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipeExecution;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private static final FormatRegistry FORMATS = FormatRegistry.installed();

  /** The format of {@code -} without --input-format / --output-format. */
  private static final String STREAM_FORMAT = "csv";

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "IN",
      description = "Input file, s3://bucket/key, or - for standard input (CSV by default).")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before call()
  String input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "OUT",
      description = "Output file, s3://bucket/key, or - for standard output (CSV by default).")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before call()
  String output;

  @Option(
      names = "--errors",
      paramLabel = "ERR",
      description = "Where failed rows go; without it they are counted and dropped.")
  @Nullable String errors;

  @Option(
      names = "--input-format",
      paramLabel = "csv|jsonl|json",
      description = "Input format (default: from the extension).")
  @Nullable String inputFormat;

  @Option(
      names = "--output-format",
      paramLabel = "csv|jsonl|json",
      description = "Output format (default: from the extension).")
  @Nullable String outputFormat;

  @Option(
      names = "--delimiter",
      paramLabel = "C",
      description =
          "CSV field delimiter: one character, or \\t / tab (default: , or tab for .tsv).")
  @Nullable String delimiter;

  @Option(names = "--quote", paramLabel = "C", description = "CSV quote character (default: \").")
  @Nullable String quote;

  @Option(names = "--no-header", description = "The CSV input has no header line.")
  boolean noHeader;

  @Option(
      names = "--columns",
      split = ",",
      paramLabel = "a,b,c",
      description = "Column names of the CSV input (with --no-header, or to rename).")
  List<String> columns = new ArrayList<>();

  @Option(
      names = "--output-columns",
      split = ",",
      paramLabel = "a,b,c",
      description =
          "Header of a CSV output, fixed up front; a record with a key outside it is an error"
              + " record (default: the first record's keys).")
  List<String> outputColumns = new ArrayList<>();

  @Option(
      names = "--output-option",
      paramLabel = "KEY=VALUE",
      description =
          "An option of the output's format, such as compression=zstd or row_group_size=64m for"
              + " Parquet; repeatable. An option the format does not take is refused.")
  Map<String, String> outputFormatOptions = new LinkedHashMap<>();

  @Option(
      names = "--charset",
      paramLabel = "NAME",
      description = "Charset of a CSV input (default: UTF-8); outputs are written in UTF-8.")
  @Nullable String charset;

  @Option(
      names = "--max-field-bytes",
      paramLabel = "N",
      description = "Longest CSV field read; a longer one makes its record an error record.")
  @Nullable Integer maxFieldBytes;

  @Option(
      names = "--max-record-bytes",
      paramLabel = "N",
      description =
          "Longest CSV or JSON Lines record read; a longer one is an error record holding the"
              + " start of its text and its size.")
  @Nullable Integer maxRecordBytes;

  @Option(
      names = "--schema",
      paramLabel = "CLASS",
      description = "Record or class with Jakarta Validation annotations.")
  @Nullable String schema;

  @Option(
      names = "--pre-hook",
      paramLabel = "CLASS",
      description = "Hook run before validation (repeatable, in order).")
  List<String> preHooks = new ArrayList<>();

  @Option(
      names = "--post-hook",
      paramLabel = "CLASS",
      description = "Hook run after validation (repeatable, in order).")
  List<String> postHooks = new ArrayList<>();

  @Option(
      names = "--plugin",
      paramLabel = "JAR",
      description = "Jar with schema and hook classes (repeatable).")
  List<Path> plugins = new ArrayList<>();

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Processing threads; 1 uses the single-thread executor (default: CPU count).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Records per batch (default: ${DEFAULT-VALUE}).")
  int batchSize = PipeExecutor.DEFAULT_BATCH_SIZE;

  @Option(
      names = "--unordered",
      description = "Let the multi-thread executor write batches as they finish.")
  boolean unordered;

  @Option(
      names = "--max-errors",
      paramLabel = "N",
      description =
          "Fail the run (exit 3, outputs untouched) once more than N rows failed; 0: any failed"
              + " row fails it (default: no limit).")
  @Nullable Long maxErrors;

  @Option(
      names = "--max-error-rate",
      paramLabel = "R",
      description =
          "Fail the run (exit 3) once more than this fraction (0 to 1) of the rows seen failed;"
              + " judged from 1,000 rows on, and at the end always (default: no limit).")
  @Nullable Double maxErrorRate;

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

  @Option(
      names = "--worker-address",
      paramLabel = "HOST:PORT",
      description =
          "A running worker to use instead of local ones (repeatable); its secret, if any, comes"
              + " from --secret-file or $ZOOPIPE_WORKER_SECRET. Locations must be valid on the worker, and under"
              + " its storage roots if it has any.")
  List<String> workerAddresses = new ArrayList<>();

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
    if (workerTls.isSet() && workerAddresses.isEmpty()) {
      throw new UsageException("the --worker-tls-* options need --worker-address");
    }
    ChannelCredentials workerCredentials = workerTls.credentials();
    String secret = fleetSecret();
    try (StorageFactory storage = s3Configured.storage();
        PluginClasses classes = pluginClasses();
        MetricsServer metricsServer = metrics.start("127.0.0.1")) {
      MeterRegistry registry = metricsServer == null ? null : metricsServer.registry();
      Pipe pipe = buildPipe(classes, registry, storage);
      preflight(pipe);
      // With --output - the records are standard output: everything else goes to standard error.
      PrintWriter summary = location("--output", output).isStandardStream() ? err : out;
      if (workers > 1 || !workerAddresses.isEmpty()) {
        refuseStreams();
        Map<String, Object> context = new java.util.LinkedHashMap<>();
        context.put("input", input);
        context.put("output", output);
        if (errors != null) {
          context.put("errors", errors);
        }
        return new DistributedRun(
                describe(pipe),
                workers,
                shards,
                workerAddresses,
                workerCredentials,
                secret,
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
   * Standard streams and other streams (a FIFO, a device) are read or written by this JVM only: a
   * worker JVM has other standard streams, and a stream cannot be cut into shards.
   */
  private void refuseStreams() {
    for (String text : List.of(input, output)) {
      Location location = location("--input", text);
      if (location.isStandardStream()
          || (location.isFile() && LocalStorage.isSpecialFile(location.toPath()))) {
        throw new UsageException(
            text
                + " is a stream, read and written by this JVM only: it cannot be used with"
                + " --workers or --worker-address");
      }
    }
  }

  /**
   * Refuses an output that is a directory, device, FIFO or socket (as {@code /dev/stdout} on a
   * terminal) before its format is guessed from its name, so that the message says what is wrong
   * with it.
   */
  private static void refuseSpecialFile(String option, Location location) {
    if (!location.isFile()) {
      return;
    }
    try {
      LocalStorage.checkOutputType(location);
    } catch (IOException e) {
      throw new UsageException(option + " " + e.getMessage());
    }
  }

  /** A failure in one line; a reader of standard output that went away is said so. */
  private String describeFailure(Throwable e) {
    if (location("--output", output).isStandardStream()) {
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
    if (workerSecret.file != null && workerAddresses.isEmpty()) {
      throw new UsageException("--secret-file needs --worker-address");
    }
    return workerSecret.secret(System.getenv(), UsageException::new);
  }

  /** The pipe as data for workers: the same options, with classes by name. */
  private PipeDescription describe(Pipe pipe) {
    if (workers < 0) {
      throw new UsageException("--workers must be >= 0, got " + workers);
    }
    if (shards < 0) {
      throw new UsageException("--shards must be >= 0, got " + shards);
    }
    Location in = location("--input", input);
    FormatOptions options = flagOptions(in);
    FormatOptions outputOptions = outputOptions(options);
    Location outLocation = location("--output", output);
    DataDescription errorDescription = null;
    if (errors != null) {
      Location errorLocation = location("--errors", errors);
      errorDescription = description("--errors", errorLocation, null, outputOptions);
    }
    DataDescription outputDescription =
        description("--output-format", outLocation, outputFormat, withOutputColumns(outputOptions));
    checkOutputOptions(outputDescription);
    return new PipeDescription(
        description("--input-format", in, inputFormat, options),
        outputDescription,
        errorDescription,
        schema,
        preHooks,
        postHooks,
        pipe.executor(),
        pipe.errorLimit());
  }

  private Pipe buildPipe(
      PluginClasses classes, @Nullable MeterRegistry registry, StorageFactory storage) {
    if (threads < 1) {
      throw new UsageException("--threads must be >= 1, got " + threads);
    }
    if (batchSize < 1) {
      throw new UsageException("--batch-size must be >= 1, got " + batchSize);
    }
    if (!List.of("auto", "bar", "plain", "none").contains(progress)) {
      throw new UsageException(
          "--progress must be auto, bar, plain or none, got '" + progress + "'");
    }
    Location in = location("--input", input);
    Location outLocation = location("--output", output);
    if (in.equals(outLocation) && !in.isStandardStream()) {
      throw new UsageException("--output " + output + " is the input file; choose another file");
    }
    refuseSpecialFile("--output", outLocation);
    if (errors != null) {
      refuseSpecialFile("--errors", location("--errors", errors));
    }
    FormatOptions options = flagOptions(in);
    Pipe.Builder builder =
        Pipe.builder()
            .input(inputAdapter(in, options))
            .output(outputAdapter(outLocation, withOutputColumns(outputOptions(options))))
            .executor(executor())
            .storage(storage);
    if (errors != null) {
      Location errorLocation = location("--errors", errors);
      if (errorLocation.isStandardStream()) {
        throw new UsageException("--errors -: failed rows go to a file, not standard output");
      }
      if (errorLocation.equals(outLocation) || errorLocation.equals(in)) {
        throw new UsageException("--errors " + errors + " must differ from --input and --output");
      }
      builder.errorOutput(outputAdapter("--errors", errorLocation, null, outputOptions(options)));
    }
    if (registry != null) {
      builder.meterRegistry(registry);
    }
    if (maxErrors != null) {
      if (maxErrors < 0) {
        throw new UsageException("--max-errors must be >= 0, got " + maxErrors);
      }
      builder.maxErrors(maxErrors);
    }
    if (maxErrorRate != null) {
      if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
        throw new UsageException("--max-error-rate must be between 0 and 1, got " + maxErrorRate);
      }
      builder.maxErrorRate(maxErrorRate);
    }
    try {
      if (schema != null) {
        builder.schema(classes.load("--schema", schema));
      }
      for (String hook : preHooks) {
        builder.preValidationHook(classes.hook("--pre-hook", hook));
      }
      for (String hook : postHooks) {
        builder.postValidationHook(classes.hook("--post-hook", hook));
      }
      return builder.build();
    } catch (PipelineException | IllegalArgumentException e) {
      throw new UsageException(requireNonNullElse(e.getMessage(), e.toString()), e);
    }
  }

  private PluginClasses pluginClasses() {
    try {
      return new PluginClasses(plugins);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }

  private PipeExecutor executor() {
    if (threads == 1) {
      return new SingleThreadExecutor(batchSize);
    }
    MultiThreadExecutor multi = new MultiThreadExecutor(threads, batchSize);
    return unordered ? multi.unordered() : multi;
  }

  /**
   * The format flags as generic options ({@code --delimiter}, {@code --quote}, {@code --no-header},
   * {@code --columns}: the options {@code delimiter}, {@code quote}, {@code header}, {@code
   * columns}), after those the input's file name implies (tabs for {@code .tsv}). Each input and
   * output takes the ones its format knows ({@link #description}).
   */
  private FormatOptions flagOptions(Location in) {
    FormatOptions options =
        FORMATS
            .detect(in.fileName())
            .map(format -> format.impliedOptions(in.fileName()))
            .orElse(FormatOptions.none());
    if (delimiter != null) {
      options = options.with("delimiter", String.valueOf(character("--delimiter", delimiter)));
    }
    if (quote != null) {
      options = options.with("quote", String.valueOf(character("--quote", quote)));
    }
    if (noHeader) {
      options = options.with("header", "false");
    }
    if (!columns.isEmpty()) {
      options = options.withList("columns", columns);
    }
    if (charset != null) {
      options = options.with("charset", charset);
    }
    if (maxFieldBytes != null) {
      options = options.with("max_field_bytes", positive("--max-field-bytes", maxFieldBytes));
    }
    if (maxRecordBytes != null) {
      options = options.with("max_record_bytes", positive("--max-record-bytes", maxRecordBytes));
    }
    return options;
  }

  private static String positive(String option, int value) {
    if (value < 1) {
      throw new UsageException(option + " must be >= 1, got " + value);
    }
    return Integer.toString(value);
  }

  /**
   * The options of the outputs: the input's, except that they have a header of their own, are
   * written in UTF-8 and have no read limits.
   */
  private static FormatOptions outputOptions(FormatOptions inputOptions) {
    return inputOptions
        .without("header")
        .without("columns")
        .without("charset")
        .without("max_field_bytes")
        .without("max_record_bytes");
  }

  /** The output's options with its {@code --output-columns} and {@code --output-option}s. */
  private FormatOptions withOutputColumns(FormatOptions outputOptions) {
    FormatOptions options =
        outputColumns.isEmpty() ? outputOptions : outputOptions.withList("columns", outputColumns);
    for (Map.Entry<String, String> option : outputFormatOptions.entrySet()) {
      try {
        options = options.with(option.getKey(), option.getValue());
      } catch (IllegalArgumentException e) {
        throw new UsageException("--output-option " + option.getKey() + ": " + e.getMessage(), e);
      }
    }
    return options;
  }

  /** Refuses an {@code --output-option} that the output's format does not take. */
  private void checkOutputOptions(DataDescription output) {
    Set<String> known = output.provider().optionNames();
    for (String key : outputFormatOptions.keySet()) {
      if (!known.contains(key)) {
        throw new UsageException(
            "--output-option "
                + key
                + ": format "
                + output.format()
                + (known.isEmpty()
                    ? " takes no options"
                    : " takes " + String.join(", ", new java.util.TreeSet<>(known))));
      }
    }
  }

  /**
   * The description of {@code location} in the explicitly named format or the one its extension
   * implies, with those of {@code options} that format takes.
   */
  private static DataDescription description(
      String option, Location location, @Nullable String explicitFormat, FormatOptions options) {
    FormatProvider format;
    try {
      format =
          explicitFormat != null
              ? FORMATS.forName(explicitFormat)
              : location.isStandardStream()
                  ? FORMATS.forName(STREAM_FORMAT)
                  : FORMATS.forFileName(location.fileName());
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage(), e);
    }
    return new DataDescription(location, format.name(), options.onlyFor(format.optionNames()));
  }

  /** The {@code --output} adapter, after checking its {@code --output-option}s. */
  private OutputAdapter outputAdapter(Location location, FormatOptions options) {
    checkOutputOptions(description("--output-format", location, outputFormat, options));
    return outputAdapter("--output", location, outputFormat, options);
  }

  private InputAdapter inputAdapter(Location in, FormatOptions options) {
    DataDescription description = description("--input-format", in, inputFormat, options);
    try {
      return description.provider().input(description);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--input " + input + ": " + e.getMessage(), e);
    }
  }

  private static OutputAdapter outputAdapter(
      String option, Location location, @Nullable String explicitFormat, FormatOptions options) {
    DataDescription description =
        description(
            option.equals("--output") ? "--output-format" : option,
            location,
            explicitFormat,
            options);
    try {
      return description.provider().output(description);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " " + location + ": " + e.getMessage(), e);
    }
  }

  /** Fails fast on a missing input or an unwritable output, before anything is written. */
  private void preflight(Pipe pipe) {
    Location in = location("--input", input);
    try {
      if (!pipe.storage().forLocation(in).exists(in)) {
        throw new UsageException("--input " + input + ": no such file");
      }
      pipe.storage().forLocation(in).size(in);
    } catch (NoSuchFileException e) {
      throw new UsageException("--input " + input + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new UsageException("--input " + input + ": access denied", e);
    } catch (IOException e) {
      throw new UsageException("--input " + input + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) { // the storage's settings, such as a bad S3 variable
      throw new UsageException("--input " + input + ": " + e.getMessage(), e);
    }
    checkWritable("--output", pipe.output(), pipe.storage());
    if (pipe.errorOutput() != null) {
      checkWritable("--errors", pipe.errorOutput(), pipe.storage());
    }
    if (report != null) {
      checkReportWritable(report);
    }
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
      throw new UsageException(
          option + " " + adapter.location().map(Object::toString).orElse("") + ": " + describe(e),
          e);
    }
  }

  private void writeReport(PipeReport result) throws IOException {
    if (report == null) {
      return;
    }
    Map<String, Object> json = new java.util.LinkedHashMap<>(result.toMap());
    json.put("input", input);
    json.put("output", output);
    if (errors != null) {
      json.put("errors", errors);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), json);
  }

  private static Location location(String option, String text) {
    try {
      return Location.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " " + text + ": " + e.getMessage(), e);
    }
  }

  static char character(String option, String value) {
    String text =
        switch (value) {
          case "\\t", "tab", "TAB" -> "\t";
          case "\\|" -> "|";
          default -> value;
        };
    if (text.length() != 1) {
      throw new UsageException(option + " must be a single character, got '" + value + "'");
    }
    return text.charAt(0);
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
