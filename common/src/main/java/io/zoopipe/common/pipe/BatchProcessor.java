package io.zoopipe.common.pipe;

import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.HeaderedSink;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.Transcoder;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.validation.RowValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The per-batch work of a run: decode, pre-validation hooks, validation, post-validation hooks,
 * then encoding of the outputs. Thread-safe: it holds no per-batch state, so the executor calls it
 * from several threads at once, one batch per call.
 */
final class BatchProcessor {
  private final ColumnSet columns;
  private final List<Hook> preHooks;
  private final List<Hook> postHooks;
  private final @Nullable RowValidator<?> validator;
  private final HookStore store;
  private final OutputSink output;
  private final @Nullable OutputSink errorOutput;
  private final RowFaults faults;
  private final String keyPrefix;
  // Set when nothing between reading and writing looks at the records: no schema, no hooks, every
  // column, and a sink that takes the batches as bytes. Batches may then skip decoding.
  private final @Nullable Transcoder transcoder;
  // Set when a hook may read any raw column (it names none) beyond the columns decoded up front:
  // rows then decode the rest when first read, and a hook that never reads them costs nothing.
  private final boolean onDemand;

  /**
   * @param columns the columns every row decodes up front ({@link Pipe#columnsUpFront()})
   */
  BatchProcessor(
      ColumnSet columns,
      List<Hook> preHooks,
      List<Hook> postHooks,
      @Nullable RowValidator<?> validator,
      HookStore store,
      OutputSink output,
      @Nullable OutputSink errorOutput,
      RowFaults faults,
      String keyPrefix) {
    this.columns = columns;
    this.faults = faults;
    this.keyPrefix = keyPrefix;
    this.preHooks = preHooks;
    this.postHooks = postHooks;
    this.validator = validator;
    this.store = store;
    this.output = output;
    this.errorOutput = errorOutput;
    this.transcoder =
        preHooks.isEmpty() && postHooks.isEmpty() && validator == null && columns.everything()
            ? Transcoder.between(output).orElse(null)
            : null;
    this.onDemand =
        !columns.everything()
            && (preHooks.stream().anyMatch(hook -> hook.requiredColumns().everything())
                || postHooks.stream().anyMatch(hook -> hook.requiredColumns().everything()));
  }

  /** The outcome of one batch, ready for the writer. */
  record Result(
      long batchIndex,
      int inputRecords,
      int successes,
      int errors,
      int dropped,
      EncodedBatch output,
      @Nullable EncodedBatch errorOutput,
      List<Entry> written,
      int retries,
      int skipped,
      long backoffNanos) {}

  /**
   * The written entries, for {@link #reencode}: only a sink with a header ({@link HeaderedSink})
   * may ask for that. Any other gets none, so that a batch waiting for the writer holds its encoded
   * output only, not its records as well (on a wide CSV to Parquet, with two threads, the records
   * held beside the encoded rows of the batches in flight tripled the time spent in GC).
   */
  private List<Entry> keptForReencoding(List<Entry> written) {
    return output instanceof HeaderedSink ? written : List.of();
  }

  Result process(long batchIndex, RawBatch batch) throws IOException {
    if (transcoder != null) {
      Transcoder.Transcoded transcoded = transcodeOrNull(transcoder, batch);
      if (transcoded != null) {
        return converted(batchIndex, batch, transcoded);
      }
    }
    List<Entry> decoded = onDemand ? batch.decodeOnDemand(columns) : batch.decode(columns);
    List<Entry> failed = new ArrayList<>(0);
    List<Entry> pending = new ArrayList<>(decoded.size());
    for (Entry entry : decoded) {
      entry.identify(keyPrefix);
      (entry.status() == EntryStatus.FAILED ? failed : pending).add(entry);
    }
    HookStore batchStore = store.forBatch();
    FaultTally tally = new FaultTally();
    pending = runHooks(preHooks, pending, batchStore, batchIndex, "pre-validation", tally);

    List<Entry> validated = new ArrayList<>(pending.size());
    for (Entry entry : pending) {
      if (entry.status() == EntryStatus.PENDING) {
        if (validator != null) {
          validator.validate(entry);
        } else {
          entry.setStatus(EntryStatus.VALIDATED);
        }
      }
      switch (entry.status()) {
        case VALIDATED -> validated.add(entry);
        case FAILED -> failed.add(entry);
        case DROPPED -> {}
        case PENDING -> throw new IllegalStateException("entry left pending: " + entry);
      }
    }
    List<Entry> finished =
        runHooks(postHooks, validated, batchStore, batchIndex, "post-validation", tally);

    List<Object> records = new ArrayList<>(finished.size());
    List<Entry> written = new ArrayList<>(finished.size());
    int originals = 0;
    for (Entry entry : finished) {
      switch (entry.status()) {
        case VALIDATED, PENDING -> {
          records.add(entry.outputValue());
          written.add(entry);
          if (entry.position() >= 0) {
            originals++;
          }
        }
        case FAILED -> failed.add(entry);
        case DROPPED -> {}
      }
    }
    for (Entry entry : failed) {
      if (entry.position() >= 0) {
        originals++;
      }
    }
    // Entries that a hook removed, or marked dropped, are the input records not accounted for.
    int dropped = Math.max(0, batch.size() - originals);
    EncodedBatch encoded = RowEncoder.encode(output, written, records, failed);
    if (failed.size() > 1) {
      failed.sort(Comparator.comparingLong(Entry::position));
    }
    return new Result(
        batchIndex,
        batch.size(),
        written.size(),
        failed.size(),
        dropped,
        encoded,
        encodeErrors(failed),
        keptForReencoding(written),
        tally.retries,
        tally.skipped,
        tally.backoffNanos);
  }

  /**
   * The result again for a batch whose output the sink cannot write as encoded ({@link
   * HeaderedSink#fitsHeader}): its records encoded anew, on the writer thread, and those that the
   * output now refuses added to the error output after the batch's own error records.
   */
  Result reencode(Result result, List<EncodedBatch> extraErrors) throws IOException {
    List<Entry> written = new ArrayList<>(result.written());
    List<Object> records = new ArrayList<>(written.size());
    for (Entry entry : written) {
      records.add(entry.outputValue());
    }
    List<Entry> failed = new ArrayList<>(0);
    EncodedBatch encoded = RowEncoder.encode(output, written, records, failed);
    EncodedBatch errors = encodeErrors(failed);
    if (errors != null) {
      extraErrors.add(errors);
    }
    return new Result(
        result.batchIndex(),
        result.inputRecords(),
        written.size(),
        result.errors() + failed.size(),
        result.dropped(),
        encoded,
        result.errorOutput(),
        written,
        result.retries(),
        result.skipped(),
        result.backoffNanos());
  }

  /** The batch transcoded, or null to take the decoding path (also when transcoding threw). */
  private static Transcoder.@Nullable Transcoded transcodeOrNull(
      Transcoder transcoder, RawBatch batch) {
    try {
      return transcoder.transcode(batch);
    } catch (RuntimeException e) {
      // A record the fast path cannot carry: decoding record by record finds it and says why.
      return null;
    }
  }

  /** The result of a batch written straight as the sink's bytes: see {@link Transcoder}. */
  private Result converted(long batchIndex, RawBatch batch, Transcoder.Transcoded transcoded)
      throws IOException {
    List<Entry> failed = transcoded.failed();
    int dropped = Math.max(0, batch.size() - transcoded.count() - failed.size());
    return new Result(
        batchIndex,
        batch.size(),
        transcoded.count(),
        failed.size(),
        dropped,
        transcoded.output(),
        encodeErrors(failed),
        List.of(),
        0,
        0,
        0);
  }

  /** The failed entries as error records for the error output; null when there is nothing. */
  private @Nullable EncodedBatch encodeErrors(List<Entry> failed) throws IOException {
    if (errorOutput == null || failed.isEmpty()) {
      return null;
    }
    List<ErrorRow> rows = new ArrayList<>(failed.size());
    for (Entry entry : failed) {
      rows.add(ErrorRow.of(entry));
    }
    return RowEncoder.encodeErrors(errorOutput, rows);
  }

  private List<Entry> runHooks(
      List<Hook> hooks,
      List<Entry> entries,
      HookStore store,
      long batchIndex,
      String stage,
      FaultTally tally) {
    List<Entry> current = entries;
    for (Hook hook : hooks) {
      try {
        current = call(hook, current, store, stage, tally);
      } catch (RuntimeException e) {
        throw new PipelineException(
            ErrorKind.HOOK,
            stage
                + " hook "
                + nameOf(hook)
                + " failed on batch "
                + batchIndex
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return current;
  }

  /** One hook on one batch, under the run's fault policy. */
  private List<Entry> call(
      Hook hook, List<Entry> entries, HookStore store, String stage, FaultTally tally) {
    if (hook instanceof RowProcessorHook processor) {
      return processor.execute(entries, store, faults, tally);
    }
    if (hook instanceof AsyncRowProcessorHook processor) {
      return processor.execute(entries, store, faults, tally);
    }
    return BatchHookCalls.run(hook, entries, store, faults, tally, stage + " hook " + nameOf(hook));
  }

  /** The class the user wrote: a row processor's own, not its adapter's. */
  static String nameOf(Hook hook) {
    if (hook instanceof RowProcessorHook adapter) {
      return adapter.processor().getClass().getName();
    }
    if (hook instanceof AsyncRowProcessorHook adapter) {
      return adapter.processor().getClass().getName();
    }
    return hook.getClass().getName();
  }
}
