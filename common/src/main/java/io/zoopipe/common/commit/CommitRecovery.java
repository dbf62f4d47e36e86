package io.zoopipe.common.commit;

import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.local.LocalStorage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run does, before it writes to a local destination, with what dead runs left beside it: a
 * commit record whose primary copy exists is rolled forward (every staged file still there is
 * renamed into place), one without it is rolled back (its staged files are deleted); then every
 * temporary file no live process holds is deleted, record copies left half-written ({@code
 * .commit.writing}) included. A record whose staged files a live process holds, or a copy a live
 * process is writing, is left to that process. Stateless; thread-safe.
 */
public final class CommitRecovery {
  private static final Logger logger = LoggerFactory.getLogger(CommitRecovery.class);

  private CommitRecovery() {}

  /** Recovers {@code destination} (a local file path); returns what was done, one line each. */
  public static List<String> recover(Path destination) {
    Path target = destination.toAbsolutePath();
    List<String> done = new ArrayList<>();
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return done;
    }
    // A record copy left half-written by a dead process was never renamed into place: its
    // commit did not reach that copy, let alone the primary after it, so it rolls back.
    for (Path writing : list(parent, path -> CommitRecord.isWritingBeside(target, path))) {
      try {
        if (!LocalStorage.isTemporaryInUse(writing) && Files.deleteIfExists(writing)) {
          done.add("removed " + writing);
        }
      } catch (IOException e) {
        logger.warn("Cannot delete the abandoned commit record {}: {}", writing, e.toString());
      }
    }
    List<Path> copies = list(parent, path -> CommitRecord.isCopyBeside(target, path));
    for (Path copy : copies) {
      try {
        String outcome = recoverRecord(copy);
        if (outcome != null) {
          done.add(outcome);
        }
      } catch (IOException e) {
        logger.warn("Cannot recover the commit recorded in {}: {}", copy, e.toString());
      }
    }
    for (Path removed : LocalStorage.removeAbandonedTemporaries(target)) {
      done.add("removed " + removed);
    }
    done.forEach(line -> logger.info("Recovered {}: {}", target, line));
    return done;
  }

  private static List<Path> list(Path parent, DirectoryStream.Filter<Path> filter) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, filter)) {
      siblings.forEach(found::add);
    } catch (IOException e) {
      logger.warn("Cannot list {} for commit records: {}", parent, e.toString());
    }
    return found;
  }

  private static @Nullable String recoverRecord(Path copy) throws IOException {
    CommitRecord record = CommitRecord.read(copy);
    for (StagedFile move : record.moves()) {
      if (Files.exists(move.staged()) && LocalStorage.isTemporaryInUse(move.staged())) {
        return null; // a live process is committing
      }
    }
    boolean committed = Files.exists(record.primary());
    for (StagedFile move : record.moves()) {
      if (!Files.exists(move.staged())) {
        continue;
      }
      if (committed) {
        Files.move(
            move.staged(),
            move.target(),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(move.staged());
      }
    }
    List<Path> copies = record.copies();
    for (int i = copies.size() - 1; i >= 0; i--) {
      Files.deleteIfExists(copies.get(i));
    }
    Files.deleteIfExists(copy);
    return (committed ? "rolled forward " : "rolled back ") + copy;
  }
}
