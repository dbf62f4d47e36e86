package io.zoopipe.endtoend.testing;

import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.HookStore;
import java.util.List;

/** Spends 40 ms on every batch, so that a small run lasts long enough to interrupt. */
public final class SlowHook implements Hook {
  @Override
  public List<Entry> execute(List<Entry> entries, HookStore store) {
    try {
      Thread.sleep(40);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return entries;
  }

  @Override
  public ColumnSet requiredColumns() {
    return ColumnSet.none();
  }
}
