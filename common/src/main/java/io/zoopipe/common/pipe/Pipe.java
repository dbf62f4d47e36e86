package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.report.ConsoleProgress;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.common.validation.SchemaBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A job definition: moves records from an input adapter to an output adapter through pre-validation
 * hooks, schema validation and post-validation hooks and row processors, on an executor; rows that
 * fail go to the error output adapter (or are counted and dropped when there is none). Each {@link
 * #start()} begins an execution, the run's handle, as a {@code JobExecution} is to a {@code Job}.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.builder()
 *     .input(new CsvInputAdapter("users.csv"))
 *     .output(new JsonOutputAdapter("users.jsonl", JsonFormat.JSONL))
 *     .errorOutput(new CsvOutputAdapter("errors.csv"))
 *     .schema(UserSchema.class)
 *     .processor(new HashEmail()) // a RowProcessor<UserSchema, ...>
 *     .executor(new MultiThreadExecutor(8, 2000))
 *     .build();
 * try (PipeExecution execution = pipe.start()) { // close() stops a run still going
 *   PipeReport report = execution.await();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. A pipe may be started any number of times, one run after another or
 * several at once: each execution opens its own reader and writers (runs at once need outputs that
 * do not collide) and has its own threads and counters. Hook and processor instances are shared by
 * the executions; each execution calls their {@code setup} with its own store.
 */
public final class Pipe {
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
  private static final Duration INTERRUPTED_WAIT = Duration.ofSeconds(30);

  private final InputAdapter input;
  private final OutputAdapter output;
  private final @Nullable OutputAdapter errorOutput;
  private final @Nullable Class<?> schema;
  private final List<Hook> preValidationHooks;
  private final List<Hook> postValidationHooks;
  private final PipeExecutor executor;
  private final ColumnSet columnsToDecode;
  private final ColumnSet columnsUpFront;
  private final @Nullable MeterRegistry meterRegistry;
  private final StorageFactory storage;
  private final ErrorLimit errorLimit;
  private final FaultPolicy faultPolicy;
  private final @Nullable String jobId;

  private Pipe(Builder builder) {
    this.input = requireNonNull(builder.input, "input adapter is required");
    this.output = requireNonNull(builder.output, "output adapter is required");
    this.errorOutput = builder.errorOutput;
    this.schema = builder.schema;
    this.preValidationHooks = List.copyOf(builder.preValidationHooks);
    this.postValidationHooks = List.copyOf(builder.postValidationHooks);
    this.executor = builder.executor;
    this.columnsToDecode = columnsToDecode(schema, preValidationHooks, postValidationHooks, false);
    this.columnsUpFront = columnsToDecode(schema, preValidationHooks, postValidationHooks, true);
    this.meterRegistry = builder.meterRegistry;
    this.storage = builder.storage != null ? builder.storage : StorageFactory.defaults();
    this.errorLimit = builder.errorLimit;
    this.faultPolicy = builder.faultPolicy;
    this.jobId = builder.jobId;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a run in the background and returns its execution at once. The caller owns the
   * execution: close it (try-with-resources) or await it.
   */
  public PipeExecution start() {
    return PipeExecution.start(this);
  }

  /** Runs, prints a progress line to standard error while running, and returns the report. */
  public PipeReport run() throws InterruptedException {
    return run(ConsoleProgress.toStandardError());
  }

  /**
   * Runs, calls {@code listener} about once a second while running, and returns the final report.
   * Interrupting the calling thread shuts the run down, waits for it (up to 30 seconds) and throws.
   */
  public PipeReport run(ProgressListener listener) throws InterruptedException {
    PipeExecution execution = start();
    try {
      while (!execution.await(PROGRESS_INTERVAL)) {
        listener.onProgress(execution.report());
      }
    } catch (InterruptedException e) {
      execution.shutdown();
      execution.await(INTERRUPTED_WAIT);
      throw e;
    } catch (RuntimeException e) {
      execution.shutdown(); // a failing listener stops the run rather than leave it unwatched
      throw e;
    }
    PipeReport report = execution.report();
    listener.onFinished(report);
    return report;
  }

  public InputAdapter input() {
    return input;
  }

  public OutputAdapter output() {
    return output;
  }

  public @Nullable OutputAdapter errorOutput() {
    return errorOutput;
  }

  public @Nullable Class<?> schema() {
    return schema;
  }

  public List<Hook> preValidationHooks() {
    return preValidationHooks;
  }

  public List<Hook> postValidationHooks() {
    return postValidationHooks;
  }

  public PipeExecutor executor() {
    return executor;
  }

  /** Where this pipe's runs count records, batches and bytes; null when they are not metered. */
  public @Nullable MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** What the adapters read and write through. */
  public StorageFactory storage() {
    return storage;
  }

  /** How many failed rows a run tolerates; {@link ErrorLimit#NONE} by default. */
  public ErrorLimit errorLimit() {
    return errorLimit;
  }

  /** How hooks and row processors survive failing rows; {@link FaultPolicy#NONE} by default. */
  public FaultPolicy faultPolicy() {
    return faultPolicy;
  }

  /**
   * The job id in every entry's {@link Entry#idempotencyKey()}; null when each run makes up its own
   * (a random UUID).
   */
  public @Nullable String jobId() {
    return jobId;
  }

  /** The input columns that must be decoded: what the schema and the hooks read. */
  public ColumnSet columnsToDecode() {
    return columnsToDecode;
  }

  /**
   * The input columns decoded with every row before the hooks see it: the schema's and those the
   * hooks name in {@link Hook#requiredColumns()}. Where a hook does not name its columns ({@link
   * ColumnSet#all()}, the default), the others are decoded the first time a row's raw data reads
   * them ({@link io.zoopipe.common.adapter.RawBatch#decodeOnDemand}), so that a hook that reads
   * only validated data costs no decoding. Every column without a schema (the rows are written as
   * read).
   */
  public ColumnSet columnsUpFront() {
    return columnsUpFront;
  }

  /** A builder holding this pipe's settings, to derive a variant (another range, executor). */
  public Builder toBuilder() {
    Builder builder =
        new Builder()
            .input(input)
            .output(output)
            .executor(executor)
            .storage(storage)
            .errorLimit(errorLimit)
            .faultPolicy(faultPolicy);
    if (jobId != null) {
      builder.jobId(jobId);
    }
    if (errorOutput != null) {
      builder.errorOutput(errorOutput);
    }
    if (schema != null) {
      builder.schema(schema);
    }
    if (meterRegistry != null) {
      builder.meterRegistry(meterRegistry);
    }
    preValidationHooks.forEach(builder::preValidationHook);
    postValidationHooks.forEach(builder::postValidationHook);
    return builder;
  }

  List<Hook> allHooks() {
    List<Hook> hooks = new ArrayList<>(preValidationHooks);
    hooks.addAll(postValidationHooks);
    return hooks;
  }

  /**
   * What the schema and the hooks read; {@code named}: only the columns they name, leaving out the
   * hooks that may read any.
   */
  private static ColumnSet columnsToDecode(
      @Nullable Class<?> schema, List<Hook> preHooks, List<Hook> postHooks, boolean named) {
    if (schema == null) {
      return ColumnSet.all();
    }
    ColumnSet columns =
        ColumnSet.of(new java.util.LinkedHashSet<>(SchemaBinder.of(schema).columns()));
    List<Hook> hooks = new ArrayList<>(preHooks);
    hooks.addAll(postHooks);
    for (Hook hook : hooks) {
      ColumnSet required = hook.requiredColumns();
      if (!(named && required.everything())) {
        columns = columns.union(required);
      }
    }
    return columns;
  }

  /** Collects a pipe's parts; {@link #build()} checks them and returns the immutable pipe. */
  public static final class Builder {
    private @Nullable InputAdapter input;
    private @Nullable OutputAdapter output;
    private @Nullable OutputAdapter errorOutput;
    private @Nullable Class<?> schema;
    private final List<Hook> preValidationHooks = new ArrayList<>();
    private final List<Hook> postValidationHooks = new ArrayList<>();
    private PipeExecutor executor = new SingleThreadExecutor();
    private @Nullable MeterRegistry meterRegistry;
    private @Nullable StorageFactory storage;
    private ErrorLimit errorLimit = ErrorLimit.NONE;
    private FaultPolicy faultPolicy = FaultPolicy.NONE;
    private @Nullable String jobId;

    private Builder() {}

    public Builder input(InputAdapter input) {
      this.input = requireNonNull(input, "input is null");
      return this;
    }

    public Builder output(OutputAdapter output) {
      this.output = requireNonNull(output, "output is null");
      return this;
    }

    public Builder errorOutput(OutputAdapter errorOutput) {
      this.errorOutput = requireNonNull(errorOutput, "errorOutput is null");
      return this;
    }

    /** A record or class with Jakarta Validation annotations that every row must satisfy. */
    public Builder schema(Class<?> schema) {
      this.schema = requireNonNull(schema, "schema is null");
      return this;
    }

    /**
     * Adds a hook that runs on every batch before validation, in registration order.
     *
     * @throws PipelineException INVALID_CONFIGURATION for a {@link RowProcessorHook}: row
     *     processors take validated rows
     */
    public Builder preValidationHook(Hook hook) {
      requireNonNull(hook, "hook is null");
      if (hook instanceof RowProcessorHook || hook instanceof AsyncRowProcessorHook) {
        throw PipelineException.invalidConfiguration(
            "row processor "
                + BatchProcessor.nameOf(hook)
                + " takes validated rows; register it after validation");
      }
      preValidationHooks.add(hook);
      return this;
    }

    /** Adds a hook that runs on every batch after validation, in order with row processors. */
    public Builder postValidationHook(Hook hook) {
      postValidationHooks.add(requireNonNull(hook, "hook is null"));
      return this;
    }

    /**
     * Adds a typed per-row step after validation, in order with the post-validation hooks; its row
     * type is read from its class's {@code RowProcessor<S, O>} type arguments.
     */
    public Builder processor(RowProcessor<?, ?> processor) {
      postValidationHooks.add(RowProcessorHook.of(processor));
      return this;
    }

    /**
     * Adds a typed per-row step after validation that takes rows of {@code rowType}: for a lambda,
     * or a class whose row type cannot be read from its declaration.
     */
    public <S> Builder processor(Class<S> rowType, RowProcessor<? super S, ?> processor) {
      postValidationHooks.add(RowProcessorHook.of(rowType, processor));
      return this;
    }

    /**
     * Adds an asynchronous per-row step after validation, in order with the hooks and processors:
     * its calls run many at once, up to {@link FaultPolicy#maxInFlight()} per run; its row type is
     * read from its class's {@code AsyncRowProcessor<S, O>} type arguments.
     */
    public Builder asyncProcessor(AsyncRowProcessor<?, ?> processor) {
      postValidationHooks.add(AsyncRowProcessorHook.of(processor));
      return this;
    }

    /** As {@link #asyncProcessor(AsyncRowProcessor)}, for rows of {@code rowType}. */
    public <S> Builder asyncProcessor(Class<S> rowType, AsyncRowProcessor<? super S, ?> processor) {
      postValidationHooks.add(AsyncRowProcessorHook.of(rowType, processor));
      return this;
    }

    /**
     * How hooks and row processors survive failing rows: retries with back-off, the row-by-row scan
     * that skips the rows that keep failing (counted toward {@link #maxErrors} as failed rows), the
     * timeout and in-flight bound of asynchronous calls, and a rate limit. Default: {@link
     * FaultPolicy#NONE}, under which a batch hook's exception fails the run.
     */
    public Builder faultPolicy(FaultPolicy policy) {
      this.faultPolicy = requireNonNull(policy, "policy is null");
      return this;
    }

    /**
     * The job id in every entry's idempotency key: runs with the same job id over the same input
     * give each record the same key. Default: a random id per run.
     */
    public Builder jobId(String id) {
      requireNonNull(id, "id is null");
      if (id.isBlank()) {
        throw new IllegalArgumentException("job id must not be blank");
      }
      this.jobId = id;
      return this;
    }

    public Builder executor(PipeExecutor executor) {
      this.executor = requireNonNull(executor, "executor is null");
      return this;
    }

    /**
     * Counts this pipe's runs on {@code registry}: records by outcome, batches, input bytes, runs
     * by final status and runs in progress (meter names in {@link PipeMeters}). Counters move once
     * per batch. Pipes may share a registry; their counts add up. Without a registry (the default)
     * nothing is metered.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = requireNonNull(registry, "registry is null");
      return this;
    }

    /**
     * Where the adapters read and write: the storage for each location's scheme. Default: {@link
     * StorageFactory#defaults()} (local files, and each storage module on the class path configured
     * from the environment), one for this pipe. The factory stays the caller's to close; a program
     * that runs many pipes against a remote store passes them one factory, so that they share its
     * clients, and closes it at the end.
     */
    public Builder storage(StorageFactory storage) {
      this.storage = requireNonNull(storage, "storage is null");
      return this;
    }

    /**
     * Fails a run once more than {@code max} rows failed (0: the first failed row fails it), with
     * {@link ErrorKind#TOO_MANY_ROW_ERRORS}; the outputs are then left as they were. Failed rows
     * are those that go, or would go, to the error output; dropped rows do not count. Checked after
     * every batch. Default: no limit.
     *
     * @throws IllegalArgumentException when {@code max} is negative
     */
    public Builder maxErrors(long max) {
      this.errorLimit = errorLimit.withMaxErrors(max);
      return this;
    }

    /**
     * Fails a run once more than a fraction {@code rate} (0 to 1) of the rows seen failed, with
     * {@link ErrorKind#TOO_MANY_ROW_ERRORS}; the outputs are then left as they were. Checked after
     * every batch once {@value ErrorLimit#RATE_MIN_ROWS} rows were seen, and at the end of the
     * input always. Default: no limit.
     *
     * @throws IllegalArgumentException when {@code rate} is not between 0 and 1
     */
    public Builder maxErrorRate(double rate) {
      this.errorLimit = errorLimit.withMaxErrorRate(rate);
      return this;
    }

    /** Sets both limits at once ({@link #maxErrors}, {@link #maxErrorRate}). */
    public Builder errorLimit(ErrorLimit limit) {
      this.errorLimit = requireNonNull(limit, "limit is null");
      return this;
    }

    /**
     * Checks the parts and returns the pipe.
     *
     * @throws PipelineException INVALID_CONFIGURATION when a required part is missing, the schema
     *     cannot be bound, or the first row processor after validation does not take the schema
     */
    public Pipe build() {
      if (input == null) {
        throw PipelineException.invalidConfiguration("a pipe needs an input adapter");
      }
      if (output == null) {
        throw PipelineException.invalidConfiguration("a pipe needs an output adapter");
      }
      checkFirstProcessor();
      return new Pipe(this);
    }

    /** A processor right after validation must take the schema's type: say so before any row. */
    private void checkFirstProcessor() {
      if (schema != null
          && !postValidationHooks.isEmpty()
          && postValidationHooks.get(0) instanceof RowProcessorHook first
          && !first.rowType().isAssignableFrom(schema)) {
        throw PipelineException.invalidConfiguration(
            "row processor "
                + first.processor().getClass().getName()
                + " takes "
                + first.rowType().getName()
                + ", but it receives rows of the schema "
                + schema.getName());
      }
    }
  }
}
