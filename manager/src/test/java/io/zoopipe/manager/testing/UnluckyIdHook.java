package io.zoopipe.manager.testing;

import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.HookStore;
import java.util.List;

/**
 * Fails every record whose {@code id} leaves 3 when divided by 7, so that rows fail all over the
 * input, in every shard, whoever reads them. Records already failed (malformed ones) and records
 * without an {@code id} are left alone. Stateless; thread-safe.
 */
public final class UnluckyIdHook implements Hook {
  @Override
  public List<Entry> execute(List<Entry> entries, HookStore store) {
    for (Entry entry : entries) {
      Object id = entry.rawData().get("id");
      if (entry.status() == EntryStatus.FAILED || id == null) {
        continue;
      }
      if (Long.parseLong(id.toString()) % 7 == 3) {
        entry.fail("id " + id + " is unlucky");
      }
    }
    return entries;
  }

  @Override
  public ColumnSet requiredColumns() {
    return ColumnSet.of("id");
  }
}
