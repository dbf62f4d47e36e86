package io.zoopipe.common.pipe;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.HeaderedSink;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.commit.CommitGate;
import io.zoopipe.common.commit.CommitRecovery;
import io.zoopipe.common.commit.OutputCommit;
import io.zoopipe.common.executor.BatchScheduler;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.report.FaultCounts;
import io.zoopipe.common.report.MemoryProbe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.validation.RowValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work behind a {@link PipeExecution}: opens the reader and the sinks, sets the hooks up, hands
 * the batches to the executor's {@link BatchScheduler} (the run thread reads; the scheduler decides
 * where batches are processed and written), finishes or aborts the outputs and tears the hooks
 * down. Counters are updated when a batch is written, so a report never counts a record that is not
 * in the output yet. Thread-safe: reports and stop requests come from any thread.
 */
final class PipeRun {
  private static final Logger logger = LoggerFactory.getLogger(PipeRun.class);
  private static final AtomicInteger RUN_IDS = new AtomicInteger();

  private final Pipe pipe;
  private final PipeExecutor executor;
  private final ErrorLimit errorLimit;
  private final int runId = RUN_IDS.incrementAndGet();
  private final String name = "zoopipe-run-" + runId;
  private final CountDownLatch done = new CountDownLatch(1);
  private final LongAdder total = new LongAdder();
  private final LongAdder successes = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder backoffNanos = new LongAdder();
  private final String jobId;
  private final @Nullable PipeMeters meters;
  private final Object lock = new Object();

  private volatile boolean stopRequested;
  private volatile @Nullable Throwable failure;
  private volatile PipeStatus status = PipeStatus.PENDING;
  private volatile long bytesRead;
  private volatile long expectedBytes = -1;
  private volatile long startOffset = -1;
  private volatile long endOffset = -1;
  private volatile @Nullable Instant startTime;
  private volatile @Nullable Instant endTime;
  private volatile long startNanos;
  private volatile long endNanos;
  private volatile long peakRam;
  private volatile List<String> outputColumns = List.of();
  private volatile List<String> errorOutputColumns = List.of();

  PipeRun(Pipe pipe) {
    this.pipe = pipe;
    this.executor = pipe.executor();
    this.errorLimit = pipe.errorLimit();
    MeterRegistry registry = pipe.meterRegistry();
    this.meters = registry == null ? null : PipeMeters.of(registry);
    String id = pipe.jobId();
    this.jobId = id != null ? id : UUID.randomUUID().toString();
  }

  void start() {
    startTime = Instant.now();
    startNanos = System.nanoTime();
    status = PipeStatus.RUNNING;
    if (meters != null) {
      meters.runStarted();
    }
    Thread thread = new Thread(this::execute, name);
    thread.setDaemon(true);
    thread.start();
  }

  String name() {
    return name;
  }

  boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  void requestStop() {
    stopRequested = true;
  }

  boolean isDone() {
    return done.getCount() == 0;
  }

  PipeReport report() {
    long now = System.nanoTime();
    long end = endNanos != 0 ? endNanos : now;
    long ram = MemoryProbe.currentBytes();
    long peak = Math.max(peakRam, MemoryProbe.peakBytes());
    return new PipeReport(
        status,
        total.sum(),
        successes.sum(),
        errors.sum(),
        dropped.sum(),
        bytesRead,
        expectedBytes,
        startTime,
        endTime,
        Duration.ofNanos(startNanos == 0 ? 0 : end - startNanos),
        ram,
        peak,
        executor.batchSize(),
        executor.concurrency(),
        startOffset,
        endOffset,
        outputColumns,
        errorOutputColumns,
        failure,
        new FaultCounts(retries.sum(), skipped.sum(), Duration.ofNanos(backoffNanos.sum())));
  }

  private void execute() {
    RecordReader reader = null;
    OutputSink output = null;
    OutputSink errorOutput = null;
    List<Hook> setUp = new ArrayList<>();
    HookStore store = new HookStore();
    try {
      recover(pipe.output(), pipe.storage());
      if (pipe.errorOutput() != null) {
        recover(pipe.errorOutput(), pipe.storage());
      }
      reader = pipe.input().withColumns(pipe.columnsToDecode()).open(pipe.storage());
      expectedBytes = reader.expectedBytes();
      RowValidator<?> validator = pipe.schema() == null ? null : new RowValidator<>(pipe.schema());
      OutputContext context = new OutputContext(reader.columns(), pipe.schema());
      output = pipe.output().open(pipe.storage(), context);
      if (pipe.errorOutput() != null) {
        // Error outputs hold error records: their empty-output CSV header is the input's
        // columns followed by the error columns, not the schema's.
        errorOutput =
            pipe.errorOutput()
                .open(pipe.storage(), new OutputContext(reader.columns(), ErrorRow.class));
      }
      for (Hook hook : pipe.allHooks()) {
        setUp.add(hook);
        hook.setup(store);
      }
      BatchProcessor processor =
          new BatchProcessor(
              pipe.columnsUpFront(),
              pipe.preValidationHooks(),
              pipe.postValidationHooks(),
              validator,
              store,
              output,
              errorOutput,
              new RowFaults(pipe.faultPolicy(), () -> stopRequested),
              keyPrefix());
      RecordReader source = reader;
      OutputSink sink = output;
      OutputSink errorSink = errorOutput;
      executor
          .scheduler(name)
          .run(
              () -> next(source),
              processor::process,
              result -> write(processor, result, sink, errorSink),
              () -> stopRequested);
      startOffset = reader.startOffset();
      endOffset = reader.endOffset();
      if (failure == null && !stopRequested) {
        checkErrorLimitAtEnd();
      }
      if (failure == null) {
        commit(output, errorOutput);
      }
    } catch (Throwable e) {
      fail(e);
    } finally {
      if (failure != null) {
        abortQuietly(output);
        abortQuietly(errorOutput);
      }
      teardown(setUp, store);
      closeQuietly(reader);
      peakRam = MemoryProbe.peakBytes();
      endNanos = System.nanoTime();
      endTime = Instant.now();
      status =
          failure != null
              ? PipeStatus.FAILED
              : stopRequested ? PipeStatus.ABORTED : PipeStatus.COMPLETED;
      if (failure != null) {
        logger.debug("Pipe run {} failed", runId, failure);
      }
      if (meters != null) {
        meters.runEnded(status);
      }
      done.countDown();
    }
  }

  /**
   * Stages both outputs and publishes them as one {@link OutputCommit}: both or neither. A process
   * interrupted before the commit point publishes nothing.
   */
  private void commit(OutputSink output, @Nullable OutputSink errorOutput) throws IOException {
    OutputCommit commit = new OutputCommit(CommitGate.process(), pipe.storage());
    try {
      commit.add(output.stage());
      if (errorOutput != null) {
        commit.add(errorOutput.stage());
      }
    } catch (IOException | RuntimeException e) {
      commit.rollback();
      throw e;
    }
    // A stopped run still publishes what it wrote (files that parse); an interrupt of the
    // process closes the gate, and then nothing is published.
    if (commit.commit(() -> true)) {
      outputColumns = headerOf(output);
      if (errorOutput != null) {
        errorOutputColumns = headerOf(errorOutput);
      }
    } else {
      stopRequested = true;
    }
  }

  /** Finishes or undoes what a dead run left beside a destination (local or S3). */
  private static void recover(OutputAdapter adapter, StorageFactory storage) {
    adapter.location().ifPresent(location -> CommitRecovery.recover(location, storage));
  }

  private void write(
      BatchProcessor processor,
      BatchProcessor.Result encoded,
      OutputSink output,
      @Nullable OutputSink errorOutput)
      throws IOException {
    BatchProcessor.Result result = encoded;
    List<EncodedBatch> refused = new ArrayList<>(0);
    if (output instanceof HeaderedSink headered && !headered.fitsHeader(result.output())) {
      result = processor.reencode(result, refused);
    }
    PipelineException crossed =
        errorLimit.check(
            total.sum() + result.inputRecords(), errors.sum() + result.errors(), false);
    if (crossed != null) {
      // The batch counts as seen, so that the report matches the failure's message; it is not
      // written: the outputs are aborted.
      count(result);
      throw crossed;
    }
    output.write(result.output());
    if (errorOutput != null && result.errorOutput() != null) {
      errorOutput.write(result.errorOutput());
    }
    if (errorOutput != null) {
      for (EncodedBatch batch : refused) {
        errorOutput.write(batch);
      }
    }
    count(result);
  }

  /** The job and input part of every entry's idempotency key. */
  private String keyPrefix() {
    String input = pipe.input().location().map(Location::toString).orElse(pipe.input().describe());
    return jobId + ":" + input;
  }

  private void count(BatchProcessor.Result result) {
    retries.add(result.retries());
    skipped.add(result.skipped());
    backoffNanos.add(result.backoffNanos());
    total.add(result.inputRecords());
    successes.add(result.successes());
    errors.add(result.errors());
    dropped.add(result.dropped());
    if (meters != null) {
      meters.batchWritten(result);
    }
  }

  /** At the end of the input: the rate limit applies however few rows were seen. */
  private void checkErrorLimitAtEnd() {
    PipelineException crossed = errorLimit.check(total.sum(), errors.sum(), true);
    if (crossed != null) {
      throw crossed;
    }
  }

  /** Called by the reading thread only. */
  private @Nullable RawBatch next(RecordReader reader) throws IOException {
    RawBatch batch = reader.next(executor.batchSize());
    updateBytesRead(reader);
    return batch;
  }

  /** Called by the reading thread only, once per batch read. */
  private void updateBytesRead(RecordReader reader) {
    long now = reader.bytesRead();
    if (meters != null) {
      meters.bytesRead(now - bytesRead);
    }
    bytesRead = now;
  }

  private void fail(Throwable e) {
    synchronized (lock) {
      if (failure == null) {
        failure = unwrap(e);
      }
    }
  }

  private static Throwable unwrap(Throwable e) {
    if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
      return unchecked.getCause();
    }
    return e;
  }

  private static void teardown(List<Hook> hooks, HookStore store) {
    for (Hook hook : hooks) {
      try {
        hook.teardown(store);
      } catch (RuntimeException e) {
        logger.warn("Hook {} failed in teardown: {}", BatchProcessor.nameOf(hook), e.toString());
      }
    }
  }

  private static void abortQuietly(@Nullable OutputSink sink) {
    if (sink != null) {
      sink.abort();
    }
  }

  private static void closeQuietly(@Nullable RecordReader reader) {
    if (reader == null) {
      return;
    }
    try {
      reader.close();
    } catch (IOException e) {
      logger.warn("Closing the reader failed: {}", e.toString());
    }
  }

  /** The header columns a sink wrote, for merging its parts; empty for a sink without one. */
  private static List<String> headerOf(OutputSink sink) {
    return sink instanceof HeaderedSink headered ? headered.columns() : List.of();
  }
}
