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
 * Moves records from an input adapter to an output adapter through pre-validation hooks, schema
 * validation and post-validation hooks, on an executor; rows that fail go to the error output
 * adapter (or are counted and dropped when there is none).
 *
 * <pre>{@code
 * Pipe pipe = Pipe.builder()
 *     .input(new CsvInputAdapter("users.csv"))
 *     .output(new JsonOutputAdapter("users.jsonl", JsonFormat.JSONL))
 *     .errorOutput(new CsvOutputAdapter("errors.csv"))
 *     .schema(UserSchema.class)
 *     .executor(new MultiThreadExecutor(8, 2000))
 *     .build();
 * try (pipe) {
 *   pipe.start();
 *   pipe.await();
 * }
 * PipeReport report = pipe.report();
 * }</pre>
 *
 * <p>The definition is immutable; the run it starts is owned by the pipe. Thread-safe: {@link
 * #report()}, {@link #shutdown()} and {@link #await} may be called from any thread. A pipe can run
 * again once a run is over.
 */
public final class Pipe implements AutoCloseable {
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  private final InputAdapter input;
  private final OutputAdapter output;
  private final @Nullable OutputAdapter errorOutput;
  private final @Nullable Class<?> schema;
  private final List<Hook> preValidationHooks;
  private final List<Hook> postValidationHooks;
  private final PipeExecutor executor;
  private final ColumnSet columnsToDecode;
  private final @Nullable MeterRegistry meterRegistry;
  private final StorageFactory storage;
  private final Object lock = new Object();

  // @GuardedBy("lock")
  private @Nullable PipeRun run;

  private Pipe(Builder builder) {
    this.input = requireNonNull(builder.input, "input adapter is required");
    this.output = requireNonNull(builder.output, "output adapter is required");
    this.errorOutput = builder.errorOutput;
    this.schema = builder.schema;
    this.preValidationHooks = List.copyOf(builder.preValidationHooks);
    this.postValidationHooks = List.copyOf(builder.postValidationHooks);
    this.executor = builder.executor;
    this.columnsToDecode = columnsToDecode(schema, preValidationHooks, postValidationHooks);
    this.meterRegistry = builder.meterRegistry;
    this.storage = builder.storage != null ? builder.storage : StorageFactory.defaults();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a run in the background and returns at once.
   *
   * @throws IllegalStateException if a run is still going
   */
  public void start() {
    synchronized (lock) {
      if (run != null && !run.isDone()) {
        throw new IllegalStateException("pipe is already running; await() or shutdown() it first");
      }
      PipeRun next = new PipeRun(this);
      run = next;
      next.start();
    }
  }

  /** Waits for the run to finish; returns false if there is no run. */
  public boolean await() throws InterruptedException {
    PipeRun current = currentRun();
    if (current == null) {
      return false;
    }
    while (!current.await(Duration.ofSeconds(1))) {
      // Waiting in slices keeps the thread responsive to interruption on every JVM.
    }
    return true;
  }

  /** Waits up to {@code timeout}; returns whether the run has finished. */
  public boolean await(Duration timeout) throws InterruptedException {
    PipeRun current = currentRun();
    return current != null && current.await(timeout);
  }

  /** Starts, prints a progress line to standard error while running, and returns the report. */
  public PipeReport run() throws InterruptedException {
    return run(ConsoleProgress.toStandardError());
  }

  /**
   * Starts, calls {@code listener} about once a second while running, and returns the final report.
   * Interrupting the calling thread shuts the run down.
   */
  public PipeReport run(ProgressListener listener) throws InterruptedException {
    start();
    PipeRun current = requireNonNull(currentRun());
    try {
      while (!current.await(PROGRESS_INTERVAL)) {
        listener.onProgress(current.report());
      }
    } catch (InterruptedException e) {
      shutdown();
      current.await(Duration.ofSeconds(30));
      throw e;
    }
    PipeReport report = current.report();
    listener.onFinished(report);
    return report;
  }

  /**
   * Stops the run: reading stops within a batch, the batches already read are written, outputs are
   * finished (valid files with what was processed), and the status becomes ABORTED. Returns without
   * waiting; use {@link #await} to wait.
   */
  public void shutdown() {
    PipeRun current = currentRun();
    if (current != null) {
      current.requestStop();
    }
  }

  /** Shuts a running pipe down and waits for it, like leaving Python's {@code with pipe:}. */
  @Override
  public void close() {
    PipeRun current = currentRun();
    if (current == null || current.isDone()) {
      return;
    }
    current.requestStop();
    try {
      current.await(Duration.ofMinutes(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A snapshot of the current or last run; PENDING before the first start. */
  public PipeReport report() {
    PipeRun current = currentRun();
    return current == null
        ? PipeReport.pending(executor.batchSize(), executor.concurrency())
        : current.report();
  }

  public boolean isRunning() {
    PipeRun current = currentRun();
    return current != null && !current.isDone();
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

  /** The input columns that must be decoded: what the schema and the hooks read. */
  public ColumnSet columnsToDecode() {
    return columnsToDecode;
  }

  /** A builder holding this pipe's settings, to derive a variant (another range, executor). */
  public Builder toBuilder() {
    Builder builder = new Builder().input(input).output(output).executor(executor).storage(storage);
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

  private @Nullable PipeRun currentRun() {
    synchronized (lock) {
      return run;
    }
  }

  private static ColumnSet columnsToDecode(
      @Nullable Class<?> schema, List<Hook> preHooks, List<Hook> postHooks) {
    if (schema == null) {
      return ColumnSet.all();
    }
    ColumnSet columns =
        ColumnSet.of(new java.util.LinkedHashSet<>(SchemaBinder.of(schema).columns()));
    for (Hook hook : preHooks) {
      columns = columns.union(hook.requiredColumns());
    }
    for (Hook hook : postHooks) {
      columns = columns.union(hook.requiredColumns());
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

    public Builder preValidationHook(Hook hook) {
      preValidationHooks.add(requireNonNull(hook, "hook is null"));
      return this;
    }

    public Builder postValidationHook(Hook hook) {
      postValidationHooks.add(requireNonNull(hook, "hook is null"));
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
     * Checks the parts and returns the pipe.
     *
     * @throws PipelineException INVALID_CONFIGURATION when a required part is missing or the schema
     *     cannot be bound
     */
    public Pipe build() {
      if (input == null) {
        throw PipelineException.invalidConfiguration("a pipe needs an input adapter");
      }
      if (output == null) {
        throw PipelineException.invalidConfiguration("a pipe needs an output adapter");
      }
      return new Pipe(this);
    }
  }
}
