package io.zoopipe.common.io.local;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link Storage} on the local file system. Outputs are written to a hidden temporary file in the
 * destination's directory and renamed into place on commit, so a reader never sees a partial file.
 * An output through a symbolic link is written to the link's target (the link stays); a directory,
 * device, FIFO or socket is refused as an output. A FIFO or device can be read as an input, from
 * its start only, and has size 0. Thread-safe.
 */
public final class LocalStorage implements Storage {
  private static final int WRITE_BUFFER_BYTES = 1 << 16;

  @Override
  public long size(Location location) throws IOException {
    Path path = location.toPath();
    if (Files.isDirectory(path)) {
      throw new IOException(location + " is a directory, not a file");
    }
    return Files.size(path);
  }

  @Override
  public boolean exists(Location location) {
    return Files.exists(location.toPath());
  }

  @Override
  public InputStream open(Location location, long start, long endHint) throws IOException {
    Path path = location.toPath();
    if (Files.isDirectory(path)) {
      throw new IOException(location + " is a directory, not a file");
    }
    if (start > 0 && !Files.isRegularFile(path)) {
      throw new IOException(
          location
              + " is a stream (a FIFO or device), not a file: it can only be read from its"
              + " start, not from byte "
              + start);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      if (start > 0) { // a FIFO or device cannot seek, not even to 0
        channel.position(start);
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return Channels.newInputStream(channel);
  }

  @Override
  public void checkWritable(Location location) throws IOException {
    Path path = LocalDestination.of(location);
    Path parent = path.getParent();
    if (parent == null || !Files.isWritable(parent)) {
      throw new AccessDeniedException(
          String.valueOf(parent), null, "directory for " + location + " is not writable");
    }
    if (Files.exists(path) && !Files.isWritable(path)) {
      throw new AccessDeniedException(path.toString(), null, "file exists and is not writable");
    }
  }

  @Override
  public AtomicOutput create(Location location) throws IOException {
    Path target = LocalDestination.of(location);
    Path temp = temporarySibling(target);
    OutputStream stream =
        new BufferedOutputStream(
            Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW), WRITE_BUFFER_BYTES);
    return new LocalAtomicOutput(stream, temp, target);
  }

  /**
   * Concatenates local files in the kernel ({@link FileChannel#transferTo}, no copy through this
   * JVM's heap) into a hidden temporary file that is renamed into place when complete. Falls back
   * to streaming when a source is not a local file.
   */
  @Override
  public void concatenate(List<Location> sources, Location target) throws IOException {
    if (!sources.stream().allMatch(Location::isFile)) {
      Storage.super.concatenate(sources, target);
      return;
    }
    Path targetPath = LocalDestination.of(target);
    Path temp = temporarySibling(targetPath);
    boolean done = false;
    try {
      try (FileChannel out =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (Location source : sources) {
          try (FileChannel in = FileChannel.open(source.toPath(), StandardOpenOption.READ)) {
            long size = in.size();
            long position = 0;
            while (position < size) {
              long copied = in.transferTo(position, size - position, out);
              if (copied <= 0) {
                throw new IOException(
                    source + " ended at byte " + position + " while " + size + " were expected");
              }
              position += copied;
            }
          }
        }
      }
      moveIntoPlace(temp, targetPath);
      done = true;
    } finally {
      if (!done) {
        deleteQuietly(temp);
      }
    }
  }

  @Override
  public void delete(Location location) throws IOException {
    Files.deleteIfExists(location.toPath());
  }

  private static final class LocalAtomicOutput implements AtomicOutput {
    private final OutputStream stream;
    private final Path temp;
    private final Path target;
    private boolean done;

    LocalAtomicOutput(OutputStream stream, Path temp, Path target) {
      this.stream = stream;
      this.temp = temp;
      this.target = target;
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    @Override
    public void commit() throws IOException {
      if (done) {
        throw new IllegalStateException("output " + target + " was already committed or aborted");
      }
      done = true;
      try {
        stream.close();
        moveIntoPlace(temp, target);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(temp);
        throw e;
      }
    }

    @Override
    public void abort() {
      if (done) {
        return;
      }
      done = true;
      try {
        stream.close();
      } catch (IOException e) {
        // The bytes are being thrown away; a failure to flush them does not matter.
      }
      deleteQuietly(temp);
    }
  }

  /** A hidden file beside {@code target}, named as ours, for writing before the rename. */
  private static Path temporarySibling(Path target) {
    return target.resolveSibling(
        "."
            + target.getFileName()
            + ".zoopipe-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong())
            + ".tmp");
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Best effort: a leftover hidden temp file is harmless and named as ours.
    }
  }
}
