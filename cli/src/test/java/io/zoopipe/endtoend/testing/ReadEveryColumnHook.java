package io.zoopipe.endtoend.testing;

import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.HookStore;
import java.util.List;

/**
 * Reads every raw column of every row and changes nothing: with it, every row is decoded whole
 * before validation, as when every column was decoded up front. Stateless; thread-safe.
 */
public final class ReadEveryColumnHook implements Hook {
  @Override
  public List<Entry> execute(List<Entry> entries, HookStore store) {
    for (Entry entry : entries) {
      if (entry.rawData().entrySet().isEmpty()) {
        throw new IllegalStateException("a row without columns at " + entry.position());
      }
    }
    return entries;
  }
}
