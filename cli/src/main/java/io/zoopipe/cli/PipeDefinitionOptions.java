package io.zoopipe.cli;

import static java.util.Objects.requireNonNullElse;

import io.micrometer.core.instrument.MeterRegistry;
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
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.pipe.ErrorLimit;
import io.zoopipe.common.pipe.FaultPolicy;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that define a pipe (input, outputs, formats, schema, hooks, executor, error limit,
 * fault policy), shared by {@code run}, which builds the pipe, and {@code submit}, which sends it
 * as data. Each problem is a {@link UsageException} naming the option.
 */
final class PipeDefinitionOptions {
  private static final FormatRegistry FORMATS = FormatRegistry.installed();

  /** The format of {@code -} without --input-format / --output-format. */
  private static final String STREAM_FORMAT = "csv";

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

  @Mixin DatabaseOptions database = new DatabaseOptions();

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

  @Mixin FaultOptions faults = new FaultOptions();

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

  /**
   * The pipe as data without loading its classes here (a server checks them): the same checks of
   * the executor and error-limit options as {@link #build}.
   */
  PipeDescription describe() {
    if (threads < 1) {
      throw new UsageException("--threads must be >= 1, got " + threads);
    }
    if (batchSize < 1) {
      throw new UsageException("--batch-size must be >= 1, got " + batchSize);
    }
    ErrorLimit limit = ErrorLimit.NONE;
    if (maxErrors != null) {
      if (maxErrors < 0) {
        throw new UsageException("--max-errors must be >= 0, got " + maxErrors);
      }
      limit = limit.withMaxErrors(maxErrors);
    }
    if (maxErrorRate != null) {
      if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
        throw new UsageException("--max-error-rate must be between 0 and 1, got " + maxErrorRate);
      }
      limit = limit.withMaxErrorRate(maxErrorRate);
    }
    if (faults.jobId != null) {
      throw new UsageException(
          "--job-id is for zoopipe run: a submitted job's idempotency keys use its job id");
    }
    // No plugins here: the exception classes named must be the JDK's or ZooPipe's.
    try (PluginClasses classes = new PluginClasses(List.of())) {
      return describe(executor(), limit, faults.policy(classes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pipe as data for workers: the same options, with classes by name. */
  PipeDescription describe(Pipe pipe) {
    return describe(pipe.executor(), pipe.errorLimit(), pipe.faultPolicy());
  }

  private PipeDescription describe(
      PipeExecutor executor, ErrorLimit errorLimit, FaultPolicy faultPolicy) {
    Location in = location("--input", input);
    FormatOptions options = flagOptions(in);
    FormatOptions outputOptions = outputOptions(options);
    Location outLocation = location("--output", output);
    DataDescription errorDescription = null;
    if (errors != null) {
      Location errorLocation = location("--errors", errors);
      if (errorLocation.isDatabase()) {
        throw new UsageException(
            "--errors "
                + errorLocation
                + ": an error table is written by one JVM only; with --workers or"
                + " --worker-address send failed rows to a file");
      }
      errorDescription =
          description(
              "--errors", errorLocation, null, database.forErrors(errorLocation, outputOptions));
    }
    DataDescription outputDescription =
        description(
            "--output-format",
            outLocation,
            outputFormat,
            database.forOutput(outLocation, withOutputColumns(outputOptions)));
    checkOutputOptions(outputDescription);
    return new PipeDescription(
        description("--input-format", in, inputFormat, database.forInput(in, options)),
        outputDescription,
        errorDescription,
        schema,
        preHooks,
        postHooks,
        executor,
        errorLimit,
        faultPolicy);
  }

  Pipe build(PluginClasses classes, @Nullable MeterRegistry registry, StorageFactory storage) {
    if (threads < 1) {
      throw new UsageException("--threads must be >= 1, got " + threads);
    }
    if (batchSize < 1) {
      throw new UsageException("--batch-size must be >= 1, got " + batchSize);
    }
    Location in = location("--input", input);
    Location outLocation = location("--output", output);
    if (in.equals(outLocation) && !in.isStandardStream() && !in.isDatabase()) {
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
            .output(
                outputAdapter(
                    outLocation,
                    database.forOutput(outLocation, withOutputColumns(outputOptions(options)))))
            .executor(executor())
            .storage(storage);
    if (errors != null) {
      Location errorLocation = location("--errors", errors);
      if (errorLocation.isStandardStream()) {
        throw new UsageException("--errors -: failed rows go to a file, not standard output");
      }
      if (!errorLocation.isDatabase()
          && (errorLocation.equals(outLocation) || errorLocation.equals(in))) {
        throw new UsageException("--errors " + errors + " must differ from --input and --output");
      }
      builder.errorOutput(
          outputAdapter(
              "--errors",
              errorLocation,
              null,
              database.forErrors(errorLocation, outputOptions(options))));
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
    builder.faultPolicy(faults.policy(classes));
    if (faults.jobId != null) {
      builder.jobId(faults.jobId);
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
                    : " takes " + String.join(", ", new TreeSet<>(known))));
      }
    }
  }

  /** The {@code --output} adapter, after checking its {@code --output-option}s. */
  private OutputAdapter outputAdapter(Location location, FormatOptions options) {
    checkOutputOptions(description("--output-format", location, outputFormat, options));
    return outputAdapter("--output", location, outputFormat, options);
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
                  : FORMATS.forLocation(location);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage(), e);
    }
    return new DataDescription(location, format.name(), options.onlyFor(format.optionNames()));
  }

  private InputAdapter inputAdapter(Location in, FormatOptions options) {
    DataDescription description =
        description("--input-format", in, inputFormat, database.forInput(in, options));
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

  static Location location(String option, String text) {
    try {
      Location location = Location.parse(text);
      DatabaseOptions.refusePassword(option, location);
      return location;
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " " + Location.mask(text) + ": " + e.getMessage(), e);
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
}
