package io.zoopipe.endtoend.testing;

import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.HookStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Injects worker faults from the data, so that a test decides which record triggers one: a record
 * whose {@code fault} column is {@code hang-once:<path>} makes the first worker that reads it write
 * its process id to {@code <path>} and hang (the test then kills it with SIGKILL); {@code
 * halt-always} halts every worker JVM that reads it, as a crash would.
 */
public final class FaultHook implements Hook {
  @Override
  public List<Entry> execute(List<Entry> entries, HookStore store) {
    for (Entry entry : entries) {
      Object fault = entry.rawData().get("fault");
      if (fault == null) {
        continue;
      }
      String text = fault.toString();
      if (text.equals("halt-always")) {
        Runtime.getRuntime().halt(137);
      }
      if (text.startsWith("hang-once:")) {
        hangOnce(Path.of(text.substring("hang-once:".length())));
      }
    }
    return entries;
  }

  private static void hangOnce(Path marker) {
    try {
      Files.writeString(
          Files.createFile(marker.resolveSibling(marker.getFileName() + ".claim")),
          "claimed",
          StandardCharsets.UTF_8);
    } catch (FileAlreadyExistsException e) {
      return;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      Path temp = marker.resolveSibling(marker.getFileName() + ".tmp");
      Files.writeString(temp, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
      Files.move(temp, marker);
      Thread.sleep(120_000);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
