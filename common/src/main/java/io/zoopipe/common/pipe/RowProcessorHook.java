package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.validation.Violation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RowProcessor} as a batch {@link Hook}: for each row still on its way it computes the
 * row's {@link RowOutcome} (the processor's value, a drop, or a failure of that row alone) and then
 * applies it to the row's entry. This is how the pipe runs processors, and how a worker runs a
 * processor named where a hook class name goes ({@link #of(RowProcessor)}). Thread-safe if the
 * processor is.
 */
public final class RowProcessorHook implements Hook {
  private final RowProcessor<Object, ?> processor;
  private final Class<?> rowType;

  private RowProcessorHook(RowProcessor<Object, ?> processor, Class<?> rowType) {
    this.processor = processor;
    this.rowType = rowType;
  }

  /**
   * The processor as a hook, its row type read from the {@code RowProcessor<S, O>} type arguments
   * of its class; {@code Object} (any row) when they cannot be read.
   */
  public static RowProcessorHook of(RowProcessor<?, ?> processor) {
    requireNonNull(processor, "processor is null");
    return of(rowTypeOf(processor.getClass()), processor);
  }

  /** The processor as a hook that gives it rows of {@code rowType}. */
  @SuppressWarnings("unchecked") // every row is checked against rowType before the call
  public static RowProcessorHook of(Class<?> rowType, RowProcessor<?, ?> processor) {
    requireNonNull(rowType, "rowType is null");
    requireNonNull(processor, "processor is null");
    return new RowProcessorHook((RowProcessor<Object, ?>) processor, rowType);
  }

  /** The adapted processor: what a pipe description names. */
  public RowProcessor<?, ?> processor() {
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

  /** Runs the processor on each row under the run's fault policy (see {@link RowCalls}). */
  List<Entry> execute(List<Entry> entries, HookStore store, RowFaults faults, FaultTally tally) {
    RowCalls.runSync(entries, store, faults, tally, "row processor " + name(), this::call);
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
    return "RowProcessor[" + processor.getClass().getName() + "]";
  }

  /**
   * One call of the processor on one row: the outcome it decided, or the exception it threw (which
   * fails this row, or is retried).
   */
  private RowOutcome call(Entry entry, RowContext context) throws Exception {
    Object row = entry.outputValue();
    checkRowType(row, entry, rowType, name());
    Object value;
    try {
      value = processor.process(row, context);
    } catch (RowSignal e) {
      value = null; // the context holds the outcome
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException(ErrorKind.HOOK, "interrupted", e);
    }
    return outcomeOf(value, context, name());
  }

  private String name() {
    return processor.getClass().getName();
  }

  static void checkRowType(Object row, Entry entry, Class<?> rowType, String processor) {
    if (!rowType.isInstance(row)) {
      throw PipelineException.invalidConfiguration(
          "row processor "
              + processor
              + " takes "
              + rowType.getName()
              + ", but the row at position "
              + entry.position()
              + " is a "
              + row.getClass().getName());
    }
  }

  /** The outcome a processor decided: through its context, or by the value it returned. */
  static RowOutcome outcomeOf(@Nullable Object value, RowContext context, String processor) {
    if (context.dropped()) {
      return new RowOutcome.Dropped();
    }
    String failure = context.failure();
    if (failure != null) {
      return new RowOutcome.Failed(new Violation(null, failure, Violation.HOOK), null);
    }
    if (value == null) {
      return new RowOutcome.Failed(
          new Violation(
              null,
              processor + " returned null; drop a row with return context.drop()",
              Violation.HOOK),
          null);
    }
    return new RowOutcome.Written(value);
  }

  /** The {@code S} of {@code RowProcessor<S, O>} as {@code type} declares it, else Object. */
  static Class<?> rowTypeOf(Class<?> type) {
    return rowTypeOf(type, RowProcessor.class);
  }

  /** The first type argument of {@code processorType} as {@code type} declares it, else Object. */
  static Class<?> rowTypeOf(Class<?> type, Class<?> processorType) {
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      Class<?> found = rowTypeIn(current.getGenericInterfaces(), processorType);
      if (found != null) {
        return found;
      }
    }
    return Object.class;
  }

  private static @Nullable Class<?> rowTypeIn(Type[] interfaces, Class<?> processorType) {
    for (Type candidate : interfaces) {
      if (candidate instanceof ParameterizedType parameterized
          && parameterized.getRawType() == processorType) {
        Type argument = parameterized.getActualTypeArguments()[0];
        if (argument instanceof Class<?> found) {
          return found;
        }
        if (argument instanceof ParameterizedType generic
            && generic.getRawType() instanceof Class<?> raw) {
          return raw;
        }
        return Object.class;
      }
      Type raw =
          candidate instanceof ParameterizedType parameterized
              ? parameterized.getRawType()
              : candidate;
      if (raw instanceof Class<?> inherited && processorType.isAssignableFrom(inherited)) {
        Class<?> found = rowTypeIn(inherited.getGenericInterfaces(), processorType);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
