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
    for (Entry entry : entries) {
      EntryStatus status = entry.status();
      if (status == EntryStatus.VALIDATED || status == EntryStatus.PENDING) {
        attempt(entry, store).applyTo(entry);
      }
    }
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

  /** One call of the processor on one row; only what must fail the pipe escapes. */
  private RowOutcome attempt(Entry entry, HookStore store) {
    Object row = entry.outputValue();
    if (!rowType.isInstance(row)) {
      throw PipelineException.invalidConfiguration(
          "row processor "
              + processor.getClass().getName()
              + " takes "
              + rowType.getName()
              + ", but the row at position "
              + entry.position()
              + " is a "
              + row.getClass().getName());
    }
    RowContext context = new RowContext(entry, store);
    Object value;
    try {
      value = processor.process(row, context);
    } catch (PipelineException e) {
      throw e;
    } catch (RowSignal e) {
      value = null; // the context holds the outcome
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException(ErrorKind.HOOK, "interrupted", e);
    } catch (Exception e) {
      return new RowOutcome.Failed(new Violation(null, describe(e), Violation.HOOK), e);
    }
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
              processor.getClass().getName()
                  + " returned null; drop a row with return context.drop()",
              Violation.HOOK),
          null);
    }
    return new RowOutcome.Written(value);
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message;
  }

  /** The {@code S} of {@code RowProcessor<S, O>} as {@code type} declares it, else Object. */
  static Class<?> rowTypeOf(Class<?> type) {
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      Class<?> found = rowTypeIn(current.getGenericInterfaces());
      if (found != null) {
        return found;
      }
    }
    return Object.class;
  }

  private static @Nullable Class<?> rowTypeIn(Type[] interfaces) {
    for (Type candidate : interfaces) {
      if (candidate instanceof ParameterizedType parameterized
          && parameterized.getRawType() == RowProcessor.class) {
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
      if (raw instanceof Class<?> inherited && RowProcessor.class.isAssignableFrom(inherited)) {
        Class<?> found = rowTypeIn(inherited.getGenericInterfaces());
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
