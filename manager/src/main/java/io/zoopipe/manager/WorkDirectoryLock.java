package io.zoopipe.manager;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lock a running job holds on each of its local work directories ({@code
 * <destination>.zoopipe-<job id>}), so that a later job can tell the directory of a job that died
 * (a killed manager leaves the parts of the shards it had committed) from one still running: the
 * operating system releases a process's file locks when it dies. {@link #removeAbandoned} deletes
 * the former. Locks are advisory and per process; on a network file system without lock support a
 * directory is never taken for abandoned.
 */
final class WorkDirectoryLock implements AutoCloseable {
  static final String LOCK_FILE = ".zoopipe-job.lock";

  private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{8}");

  private final FileChannel channel;
  private final FileLock lock;

  private WorkDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Creates {@code directory} and locks it for this process. */
  static WorkDirectoryLock create(Path directory) throws IOException {
    Files.createDirectories(directory);
    FileChannel channel =
        FileChannel.open(
            directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("work directory " + directory + " is in use by another job");
      }
      return new WorkDirectoryLock(channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Deletes the work directories of {@code destination} whose job is gone: those with a lock file
   * that no process holds. A directory without a lock file is left alone (its job may be just
   * starting).
   *
   * @return the directories deleted
   */
  static List<Path> removeAbandoned(Path destination) {
    Path absolute = destination.toAbsolutePath();
    Path parent = absolute.getParent();
    Path name = absolute.getFileName();
    List<Path> removed = new ArrayList<>();
    if (parent == null || name == null || !Files.isDirectory(parent)) {
      return removed;
    }
    String prefix = name + ".zoopipe-";
    try (DirectoryStream<Path> siblings =
        Files.newDirectoryStream(
            parent,
            path -> {
              String sibling = String.valueOf(path.getFileName());
              return sibling.startsWith(prefix)
                  && JOB_ID.matcher(sibling.substring(prefix.length())).matches()
                  && Files.isDirectory(path);
            })) {
      for (Path directory : siblings) {
        if (abandoned(directory)) {
          deleteRecursively(directory);
          removed.add(directory);
        }
      }
    } catch (IOException e) {
      // Clean-up of others' litter is best effort; this job's own work does not depend on it.
    }
    return removed;
  }

  private static boolean abandoned(Path directory) {
    Path lockFile = directory.resolve(LOCK_FILE);
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false; // another process runs the job
      }
      lock.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // a job of this process
    } catch (IOException e) {
      return false; // no lock file, or locks are not supported here
    }
  }

  /** Deletes {@code directory} and everything in it; what is already gone is no error. */
  static void deleteRecursively(Path directory) throws IOException {
    Files.walkFileTree(
        directory,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Releases the lock; the directory is deleted by the job's clean-up. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it as well.
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }
}
