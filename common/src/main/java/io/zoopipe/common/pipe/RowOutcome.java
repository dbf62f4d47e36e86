package io.zoopipe.common.pipe;

import io.zoopipe.common.validation.Violation;
import org.jspecify.annotations.Nullable;

/**
 * What became of one row in a {@link RowProcessor}: an explicit value per row, so that the failure
 * of a row is data about that row rather than an exception through its batch. Applying an outcome
 * to the row's entry is a separate step from computing it, which leaves room for retrying a failed
 * attempt, or completing attempts asynchronously, before the outcome is applied. Immutable.
 */
sealed interface RowOutcome {

  /** Sets the entry's status and data to this outcome. */
  void applyTo(Entry entry);

  /** The row goes on as {@code value}. */
  record Written(Object value) implements RowOutcome {
    @Override
    public void applyTo(Entry entry) {
      entry.setValidatedData(value);
    }
  }

  /** The row was dropped deliberately. */
  record Dropped() implements RowOutcome {
    @Override
    public void applyTo(Entry entry) {
      entry.drop();
    }
  }

  /** The row failed; {@code cause} is the exception thrown, if one was. */
  record Failed(Violation reason, @Nullable Throwable cause) implements RowOutcome {
    @Override
    public void applyTo(Entry entry) {
      entry.fail(reason);
    }
  }
}
