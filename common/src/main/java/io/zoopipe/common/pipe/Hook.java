package io.zoopipe.common.pipe;

import java.util.List;

/**
 * Custom logic that runs on every batch, before or after validation, in registration order.
 *
 * <p>{@link #setup} runs once before the first batch and {@link #teardown} once after the last,
 * always, also when the run fails or is shut down. {@link #execute} may run on several threads at
 * once (one batch per thread), so a hook keeps per-batch state in the batch store it is given and
 * shared state in thread-safe objects placed in the store by {@code setup}.
 *
 * <p>A hook that must travel to a worker JVM needs a public no-argument constructor: it is named by
 * class and instantiated there.
 */
public interface Hook {
  default void setup(HookStore store) {}

  /**
   * Processes one batch and returns the entries that go on: the same list, a filtered one (a
   * removed entry is counted as dropped), or one with added entries. To reject a row, call {@link
   * Entry#fail(String)}; to drop it deliberately, {@link Entry#drop()}. By default an exception
   * fails the whole pipe with the hook's message; under a {@link FaultPolicy} it is retried and the
   * rows that keep failing are found by calling the hook on each row alone and skipped (see {@link
   * Pipe.Builder#faultPolicy}). Each entry carries a stable {@link Entry#idempotencyKey()} for the
   * services a hook calls.
   */
  List<Entry> execute(List<Entry> entries, HookStore store);

  default void teardown(HookStore store) {}

  /**
   * Whether a failed call of {@link #execute} leaves no trace outside the entries (one transaction
   * for the batch, a pure function), so that the whole batch may be called again. False by default:
   * after a failed call the pipe calls the hook on each row alone instead, retrying each row alone.
   */
  default boolean batchAtomic() {
    return false;
  }

  /**
   * The raw columns this hook reads. The default, every column, turns column pruning off; a hook
   * that reads only validated data, or a few columns, says so to keep wide inputs cheap.
   */
  default ColumnSet requiredColumns() {
    return ColumnSet.all();
  }
}
