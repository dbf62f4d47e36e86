package io.zoopipe.common.io.local;

import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A hidden temporary file beside a destination, {@code .NAME.zoopipe-<hex>.tmp}, locked by the
 * process writing it for as long as it exists: a later process tells one whose writer died (no lock
 * held: the operating system released it) from one being written ({@link #removeAbandoned}). Also
 * the staged form of a local output: publishing is a rename into place. Not thread-safe.
 */
final class LocalTemporary implements StagedOutput {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,16}");

  private final Path path;
  private final Path target;
  private final FileChannel channel;
  private boolean ended;

  private LocalTemporary(Path path, Path target, FileChannel channel) {
    this.path = path;
    this.target = target;
    this.channel = channel;
  }

  /** Creates and locks a new temporary file for {@code target} (an absolute path). */
  static LocalTemporary create(Path target) throws IOException {
    Path path =
        target.resolveSibling(
            "."
                + target.getFileName()
                + ".zoopipe-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      channel.tryLock(); // released with the channel, or by the operating system if we die
    } catch (IOException e) {
      // No lock support on this file system: a later run then takes the file for abandoned.
    }
    return new LocalTemporary(path, target, channel);
  }

  Path path() {
    return path;
  }

  /** The channel's bytes as a stream; closing the stream leaves the channel (and lock) open. */
  OutputStream stream() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    };
  }

  FileChannel channel() {
    return channel;
  }

  @Override
  public Optional<StagedFile> file() {
    return Optional.of(new StagedFile(path, target));
  }

  @Override
  public void sync() throws IOException {
    channel.force(true);
  }

  @Override
  public void publish() throws IOException {
    if (ended) {
      throw new IllegalStateException(path + " was already published or discarded");
    }
    ended = true;
    try {
      move(path, target);
    } finally {
      // On failure the file stays: a commit record may name it for a later run to publish.
      closeQuietly();
    }
  }

  @Override
  public void discard() {
    if (ended) {
      return;
    }
    ended = true;
    closeQuietly();
    deleteQuietly(path);
  }

  /** Renames {@code from} to {@code to}, replacing it, atomically where the file system can. */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Whether {@code file} is locked by a live process (this one included). */
  static boolean isLocked(Path file) {
    try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = other.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // this process holds it
    } catch (IOException e) {
      return false; // gone, or no lock support
    }
  }

  /** Deletes the temporary files of {@code target} that no live process holds. */
  static List<Path> removeAbandoned(Path target) {
    List<Path> removed = new ArrayList<>();
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return removed;
    }
    String prefix = "." + target.getFileName() + ".zoopipe-";
    try (DirectoryStream<Path> siblings =
        Files.newDirectoryStream(parent, path -> isTemporary(prefix, path))) {
      for (Path temporary : siblings) {
        if (!isLocked(temporary) && Files.deleteIfExists(temporary)) {
          removed.add(temporary);
        }
      }
    } catch (IOException e) {
      // Best effort: what is left is named as ours and found again by the next run.
    }
    return removed;
  }

  private static boolean isTemporary(String prefix, Path path) {
    String name = String.valueOf(path.getFileName());
    return name.startsWith(prefix)
        && name.endsWith(".tmp")
        && HEX.matcher(name.substring(prefix.length(), name.length() - ".tmp".length())).matches()
        && Files.isRegularFile(path);
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException e) {
      // The lock goes with the channel; nothing else to release.
    }
  }

  static void deleteQuietly(@Nullable Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Best effort: a leftover temporary file is named as ours; a later run removes it.
    }
  }
}
