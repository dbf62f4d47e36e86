package io.zoopipe.common.pipe;

import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.OutputSink.JsonLayout;
import io.zoopipe.common.adapter.RawBatch;
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
  // Set when nothing between reading and writing looks at the records: no schema, no hooks, every
  // column, and a sink that takes compact JSON bytes. Batches may then write themselves as JSON.
  private final @Nullable JsonLayout jsonLayout;

  BatchProcessor(
      ColumnSet columns,
      List<Hook> preHooks,
      List<Hook> postHooks,
      @Nullable RowValidator<?> validator,
      HookStore store,
      OutputSink output,
      @Nullable OutputSink errorOutput) {
    this.columns = columns;
    this.preHooks = preHooks;
    this.postHooks = postHooks;
    this.validator = validator;
    this.store = store;
    this.output = output;
    this.errorOutput = errorOutput;
    this.jsonLayout =
        preHooks.isEmpty() && postHooks.isEmpty() && validator == null && columns.everything()
            ? output.jsonLayout()
            : null;
  }

  /** The outcome of one batch, ready for the writer. */
  record Result(
      long batchIndex,
      int inputRecords,
      int successes,
      int errors,
      int dropped,
      EncodedBatch output,
      @Nullable EncodedBatch errorOutput) {}

  Result process(long batchIndex, RawBatch batch) throws IOException {
    if (jsonLayout != null) {
      RawBatch.JsonRows rows = batch.toJson(jsonLayout);
      if (rows != null) {
        return converted(batchIndex, batch, rows);
      }
    }
    List<Entry> decoded = batch.decode(columns);
    List<Entry> failed = new ArrayList<>(0);
    List<Entry> pending = new ArrayList<>(decoded.size());
    for (Entry entry : decoded) {
      (entry.status() == EntryStatus.FAILED ? failed : pending).add(entry);
    }
    HookStore batchStore = store.forBatch();
    pending = runHooks(preHooks, pending, batchStore, batchIndex, "pre-validation");

    List<Entry> validated = new ArrayList<>(pending.size());
    int dropped = 0;
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
        case DROPPED -> dropped++;
        case PENDING -> throw new IllegalStateException("entry left pending: " + entry);
      }
    }
    List<Entry> finished =
        runHooks(postHooks, validated, batchStore, batchIndex, "post-validation");

    List<Object> records = new ArrayList<>(finished.size());
    int originals = 0;
    for (Entry entry : finished) {
      switch (entry.status()) {
        case VALIDATED, PENDING -> {
          records.add(entry.outputValue());
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
    dropped = Math.max(0, batch.size() - originals);
    if (failed.size() > 1) {
      failed.sort(Comparator.comparingLong(Entry::position));
    }
    return new Result(
        batchIndex,
        batch.size(),
        records.size(),
        failed.size(),
        dropped,
        output.encode(records),
        encodeErrors(failed));
  }

  /** The result of a batch that wrote itself as JSON: see {@link RawBatch#toJson}. */
  private Result converted(long batchIndex, RawBatch batch, RawBatch.JsonRows rows)
      throws IOException {
    List<Entry> failed = rows.failed();
    int dropped = Math.max(0, batch.size() - rows.count() - failed.size());
    return new Result(
        batchIndex,
        batch.size(),
        rows.count(),
        failed.size(),
        dropped,
        output.encodeJson(rows.bytes(), rows.length(), rows.count()),
        encodeErrors(failed));
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
    return errorOutput.encode(rows);
  }

  private static List<Entry> runHooks(
      List<Hook> hooks, List<Entry> entries, HookStore store, long batchIndex, String stage) {
    List<Entry> current = entries;
    for (Hook hook : hooks) {
      try {
        List<Entry> returned = hook.execute(current, store);
        if (returned == null) {
          throw new IllegalStateException("execute returned null; return the entries instead");
        }
        current = returned;
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

  /** The class the user wrote: a row processor's own, not its adapter's. */
  static String nameOf(Hook hook) {
    return hook instanceof RowProcessorHook adapter
        ? adapter.processor().getClass().getName()
        : hook.getClass().getName();
  }
}
