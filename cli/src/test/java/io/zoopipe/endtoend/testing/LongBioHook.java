package io.zoopipe.endtoend.testing;

import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.HookStore;
import java.util.List;

/**
 * Reads a raw column that no schema names, on some rows only, as a hook that names no columns:
 * fails the rows whose {@code user_id} ends in 0 to 3 and whose {@code bio} is longer than 100
 * characters. Stateless; thread-safe.
 */
public final class LongBioHook implements Hook {
  @Override
  public List<Entry> execute(List<Entry> entries, HookStore store) {
    for (Entry entry : entries) {
      Object userId = entry.rawData().get("user_id");
      if (userId instanceof String id
          && !id.isEmpty()
          && "0123".indexOf(id.charAt(id.length() - 1)) >= 0
          && entry.rawData().get("bio") instanceof String bio
          && bio.length() > 100) {
        entry.fail("a long bio: " + bio.length() + " characters");
      }
    }
    return entries;
  }
}
