package io.zoopipe.common.commit;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.ResumableStorage;
import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedObject;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.io.local.LocalStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run does, before it writes to a destination, with what dead runs left beside it: a commit
 * record whose primary copy exists is rolled forward (every staged file still there is renamed into
 * place, every staged object published), one without it is rolled back (its staged files deleted,
 * its staged objects discarded); then every temporary no live process holds is removed, record
 * copies left half-written ({@code .commit.writing}) included. A record a live process may still be
 * writing is left to it: locally, one whose staged files a process holds; for a record with remote
 * parts only, one younger than its storage's {@link ResumableStorage#abandonAfter()}. Stateless;
 * thread-safe.
 */
public final class CommitRecovery {
  private static final Logger logger = LoggerFactory.getLogger(CommitRecovery.class);

  private CommitRecovery() {}

  /**
   * Recovers {@code destination} (a local file path); a record that names remote outputs is left
   * alone (see {@link #recover(Location, StorageFactory)}). Returns what was done, one line each.
   */
  public static List<String> recover(Path destination) {
    return recoverLocal(destination, null);
  }

  /**
   * Recovers {@code destination}: a local file, or a location in a {@link ResumableStorage} (S3),
   * whose abandoned staged outputs are also removed; other storages have nothing to recover.
   * Returns what was done, one line each.
   */
  public static List<String> recover(Location destination, StorageFactory storage) {
    if (destination.isFile()) {
      return recoverLocal(destination.toPath(), storage);
    }
    if (!storage.serves(destination.scheme())
        || !(storage.forLocation(destination) instanceof ResumableStorage remote)) {
      return List.of();
    }
    List<String> done = new ArrayList<>();
    Set<StagedObject> keep = new HashSet<>();
    Instant now = Instant.now();
    List<ResumableStorage.Sibling> copies;
    try {
      copies = remote.siblings(destination, CommitRecord.namePrefix(destination.fileName()));
    } catch (IOException e) {
      logger.warn("Cannot list beside {} for commit records: {}", destination, e.toString());
      return done;
    }
    for (ResumableStorage.Sibling copy : copies) {
      if (!CommitRecord.isCopyName(destination.fileName(), copy.location().fileName())) {
        continue;
      }
      try {
        CommitRecord record =
            CommitRecord.parse(read(remote, copy.location()), copy.location().toString());
        String outcome = recoverRecord(record, copy.location(), copy.modified(), storage, now);
        if (outcome == null) {
          keep.addAll(record.objects());
        } else {
          done.add(outcome);
        }
      } catch (IOException | RuntimeException e) {
        logger.warn("Cannot recover the commit recorded in {}: {}", copy.location(), e.toString());
      }
    }
    done.addAll(remote.removeAbandoned(destination, keep, now));
    done.forEach(line -> logger.info("Recovered {}: {}", destination, line));
    return done;
  }

  private static List<String> recoverLocal(Path destination, @Nullable StorageFactory storage) {
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
    Instant now = Instant.now();
    for (Path copy : copies) {
      try {
        CommitRecord record = CommitRecord.read(copy);
        Instant modified = Files.getLastModifiedTime(copy).toInstant();
        String outcome = recoverRecord(record, Location.of(copy), modified, storage, now);
        if (outcome != null) {
          done.add(outcome);
        }
      } catch (IOException | RuntimeException e) {
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

  /** Rolls one record forward or back; null when it is left to a live process (or unjudgeable). */
  private static @Nullable String recoverRecord(
      CommitRecord record,
      Location copy,
      Instant modified,
      @Nullable StorageFactory storage,
      Instant now)
      throws IOException {
    boolean remoteParts =
        !record.objects().isEmpty() || record.copies().stream().anyMatch(c -> !c.isFile());
    if (remoteParts && storage == null) {
      logger.warn("{} names remote outputs; it is left for a run that can reach them", copy);
      return null;
    }
    boolean localProof = false;
    for (StagedFile move : record.moves()) {
      if (Files.exists(move.staged())) {
        if (LocalStorage.isTemporaryInUse(move.staged())) {
          return null; // a live process is committing
        }
        localProof = true;
      }
    }
    Location primary = record.primary();
    boolean committed = exists(primary, storage);
    if (!committed) {
      if (primary.isFile() && !isLocalDirectory(primary)) {
        // The primary lies on another machine's disk: whether the commit passed is not known here.
        logger.warn("{}: the primary record {} is not on this machine; left alone", copy, primary);
        return null;
      }
      if (!localProof
          && !record.objects().isEmpty()
          && !isAbandoned(record, modified, storage, now)) {
        return null; // the writer may be about to write the primary
      }
    }
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
    for (StagedObject object : record.objects()) {
      ResumableStorage remote = resumable(object.target(), storage);
      if (committed) {
        remote.publish(object);
      } else {
        remote.discard(object);
      }
    }
    List<Location> copies = record.copies();
    for (int i = copies.size() - 1; i >= 0; i--) {
      delete(copies.get(i), storage);
    }
    delete(copy, storage);
    return (committed ? "rolled forward " : "rolled back ") + copy;
  }

  private static boolean isAbandoned(
      CommitRecord record, Instant modified, @Nullable StorageFactory storage, Instant now)
      throws IOException {
    for (StagedObject object : record.objects()) {
      if (modified.plus(resumable(object.target(), storage).abandonAfter()).isAfter(now)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLocalDirectory(Location file) {
    Path parent = file.toPath().toAbsolutePath().getParent();
    return parent != null && Files.isDirectory(parent);
  }

  private static boolean exists(Location location, @Nullable StorageFactory storage)
      throws IOException {
    if (location.isFile()) {
      return Files.exists(location.toPath());
    }
    return storageFor(location, storage).exists(location);
  }

  private static void delete(Location location, @Nullable StorageFactory storage)
      throws IOException {
    if (location.isFile()) {
      Files.deleteIfExists(location.toPath());
    } else {
      storageFor(location, storage).delete(location);
    }
  }

  private static String read(Storage storage, Location location) throws IOException {
    try (InputStream in = storage.open(location, 0, Long.MAX_VALUE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ResumableStorage resumable(Location location, @Nullable StorageFactory storage)
      throws IOException {
    if (storageFor(location, storage) instanceof ResumableStorage remote) {
      return remote;
    }
    throw new IOException(location + ": its storage cannot publish a staged object");
  }

  private static Storage storageFor(Location location, @Nullable StorageFactory storage)
      throws IOException {
    if (storage == null) {
      throw new IOException(location + " is remote and no storage was given");
    }
    return storage.forLocation(location);
  }
}
