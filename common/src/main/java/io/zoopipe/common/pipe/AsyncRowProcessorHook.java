package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An {@link AsyncRowProcessor} as a batch {@link Hook}: starts a call per row still on its way,
 * bounded by the run's in-flight permits and rate limit, retries failed calls row by row, and
 * applies each row's outcome once every call of the batch has completed. Thread-safe if the
 * processor is.
 */
public final class AsyncRowProcessorHook implements Hook {
  private final AsyncRowProcessor<Object, ?> processor;
  private final Class<?> rowType;

  private AsyncRowProcessorHook(AsyncRowProcessor<Object, ?> processor, Class<?> rowType) {
    this.processor = processor;
    this.rowType = rowType;
  }

  /** The processor as a hook, its row type read from its class's type arguments. */
  public static AsyncRowProcessorHook of(AsyncRowProcessor<?, ?> processor) {
    requireNonNull(processor, "processor is null");
    return of(RowProcessorHook.rowTypeOf(processor.getClass(), AsyncRowProcessor.class), processor);
  }

  /** The processor as a hook that gives it rows of {@code rowType}. */
  @SuppressWarnings("unchecked") // every row is checked against rowType before the call
  public static AsyncRowProcessorHook of(Class<?> rowType, AsyncRowProcessor<?, ?> processor) {
    requireNonNull(rowType, "rowType is null");
    requireNonNull(processor, "processor is null");
    return new AsyncRowProcessorHook((AsyncRowProcessor<Object, ?>) processor, rowType);
  }

  /** The adapted processor: what a pipe description names. */
  public AsyncRowProcessor<?, ?> processor() {
    return processor;
  }

  /** The type of row the processor takes. */
  public Class<?> rowType() {
    return rowType;
  }

  @Override
  public void setup(HookStore store) {
    processor.setup(store);
  }

  @Override
  public List<Entry> execute(List<Entry> entries, HookStore store) {
    return execute(entries, store, RowFaults.none(), new FaultTally());
  }

  List<Entry> execute(List<Entry> entries, HookStore store, RowFaults faults, FaultTally tally) {
    RowCalls.runAsync(entries, store, faults, tally, "row processor " + name(), this::start);
    return entries;
  }

  @Override
  public void teardown(HookStore store) {
    processor.teardown(store);
  }

  @Override
  public ColumnSet requiredColumns() {
    return processor.requiredColumns();
  }

  @Override
  public String toString() {
    return "AsyncRowProcessor[" + name() + "]";
  }

  private CompletableFuture<RowOutcome> start(Entry entry, RowContext context) throws Exception {
    Object row = entry.outputValue();
    RowProcessorHook.checkRowType(row, entry, rowType, name());
    CompletableFuture<?> future;
    try {
      future = processor.processAsync(row, context);
    } catch (RowSignal e) {
      return CompletableFuture.completedFuture(RowProcessorHook.outcomeOf(null, context, name()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException(ErrorKind.HOOK, "interrupted", e);
    }
    if (future == null) {
      return CompletableFuture.completedFuture(RowProcessorHook.outcomeOf(null, context, name()));
    }
    CompletableFuture<RowOutcome> outcome =
        future.handle(
            (value, failure) -> {
              if (failure == null || RowAttempts.unwrap(failure) instanceof RowSignal) {
                return RowProcessorHook.outcomeOf(failure == null ? value : null, context, name());
              }
              throw failure instanceof CompletionException completion
                  ? completion
                  : new CompletionException(failure);
            });
    // A call cut short (timeout, a failing run) cancels the processor's own future too, which
    // aborts an HttpClient exchange.
    CompletableFuture<RowOutcome> unused =
        outcome.whenComplete(
            (value, failure) -> {
              if (failure instanceof CancellationException) {
                future.cancel(true);
              }
            });
    return outcome;
  }

  private String name() {
    return processor.getClass().getName();
  }
}
