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
   * Entry#fail(String)}; to drop it deliberately, {@link Entry#drop()}. An exception fails the
   * whole pipe with the hook's message.
   */
  List<Entry> execute(List<Entry> entries, HookStore store);

  default void teardown(HookStore store) {}

  /**
   * The raw columns this hook reads. The default, every column, turns column pruning off; a hook
   * that reads only validated data, or a few columns, says so to keep wide inputs cheap.
   */
  default ColumnSet requiredColumns() {
    return ColumnSet.all();
  }
}
