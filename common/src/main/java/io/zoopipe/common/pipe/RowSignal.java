package io.zoopipe.common.pipe;

/**
 * Ends a {@link RowProcessor#process} call that {@link RowContext#drop()} or {@link
 * RowContext#fail(String)} decided; the outcome itself is in the context. Carries no stack trace
 * and no state, so one instance serves every thread.
 */
final class RowSignal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final RowSignal INSTANCE = new RowSignal();

  private RowSignal() {
    super("row outcome decided by its RowContext", null, false, false);
  }
}
