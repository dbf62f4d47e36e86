package io.zoopipe.common.io.local;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Piece;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.Storage;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@link Storage} on the local file system. Outputs are written to a hidden temporary file in the
 * destination's directory ({@code .NAME.zoopipe-<hex>.tmp}, locked by the writing process) and
 * renamed into place on commit, so a reader never sees a partial file; a later run finds the ones a
 * dead process left ({@link #removeAbandonedTemporaries}). An output through a symbolic link is
 * written to the link's target (the link stays); a directory, device, FIFO or socket is refused as
 * an output. A FIFO or device can be read as an input, from its start only, and has size 0.
 * Thread-safe.
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
    LocalTemporary temp = LocalTemporary.create(target);
    OutputStream stream = new BufferedOutputStream(temp.stream(), WRITE_BUFFER_BYTES);
    return new LocalAtomicOutput(stream, temp, target);
  }

  /**
   * Whether {@code path} exists and is neither a regular file nor a directory (links followed): a
   * device, FIFO or socket, which can be read as a stream but never written as an output here.
   */
  public static boolean isSpecialFile(Path path) {
    return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
  }

  /**
   * Refuses {@code location} as an output when it is a directory, device, FIFO or socket, with the
   * message {@link #create} would give; cheap, so that callers can check before anything else.
   *
   * @throws IOException naming the location and what it is
   */
  public static void checkOutputType(Location location) throws IOException {
    LocalDestination.checkType(location, location.toPath().toAbsolutePath());
  }

  /**
   * Deletes the temporary files beside {@code destination} ({@code .NAME.zoopipe-<hex>.tmp}) whose
   * writer is gone: each is locked by the process writing it, and the operating system releases the
   * lock when that process dies. Best effort; returns the files deleted.
   */
  public static List<Path> removeAbandonedTemporaries(Path destination) {
    return LocalTemporary.removeAbandoned(destination.toAbsolutePath());
  }

  /** Whether a live process (this one included) holds the temporary file {@code path}. */
  public static boolean isTemporaryInUse(Path path) {
    return LocalTemporary.isLocked(path);
  }

  /**
   * Concatenates local files in the kernel ({@link FileChannel#transferTo}, no copy through this
   * JVM's heap) into a hidden temporary file that is renamed into place when complete. Falls back
   * to streaming when a source is not a local file.
   */
  @Override
  public void concatenate(List<Location> sources, Location target) throws IOException {
    StagedOutput staged = stageConcatenation(sources, target);
    try {
      staged.publish();
    } catch (IOException | RuntimeException e) {
      staged.discard();
      staged.file().ifPresent(file -> LocalTemporary.deleteQuietly(file.staged()));
      throw e;
    }
  }

  /** Like {@link #concatenate}, leaving the result in a temporary file beside the target. */
  @Override
  public StagedOutput stageConcatenation(List<Location> sources, Location target)
      throws IOException {
    if (!sources.stream().allMatch(Location::isFile)) {
      return Storage.super.stageConcatenation(sources, target);
    }
    LocalTemporary temp = LocalTemporary.create(LocalDestination.of(target));
    boolean done = false;
    try {
      FileChannel out = temp.channel();
      for (Location source : sources) {
        transfer(source, 0, -1, out);
      }
      done = true;
      return temp;
    } finally {
      if (!done) {
        temp.discard();
      }
    }
  }

  /**
   * Composes local files in the kernel ({@link FileChannel#transferTo} of each range) into a hidden
   * temporary file beside the target, renamed into place when published. Falls back to streaming
   * when a range is not of a local file.
   */
  @Override
  public StagedOutput stageComposition(List<Piece> pieces, Location target) throws IOException {
    for (Piece piece : pieces) {
      if (piece instanceof Piece.Range range && !range.source().isFile()) {
        return Storage.super.stageComposition(pieces, target);
      }
    }
    LocalTemporary temp = LocalTemporary.create(LocalDestination.of(target));
    boolean done = false;
    try {
      FileChannel out = temp.channel();
      for (Piece piece : pieces) {
        if (piece instanceof Piece.Bytes bytes) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes.bytes());
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
          continue;
        }
        Piece.Range range = (Piece.Range) piece;
        transfer(range.source(), range.start(), range.end(), out);
      }
      done = true;
      return temp;
    } finally {
      if (!done) {
        temp.discard();
      }
    }
  }

  /**
   * Appends bytes {@code [start, end)} of the file {@code source} to {@code out} in the kernel;
   * {@code end} -1 is the file's size.
   *
   * @throws EOFException when the file ends before {@code end}
   */
  private static void transfer(Location source, long start, long end, FileChannel out)
      throws IOException {
    try (FileChannel in = FileChannel.open(source.toPath(), StandardOpenOption.READ)) {
      long last = end < 0 ? in.size() : end;
      long position = start;
      while (position < last) {
        long copied = in.transferTo(position, last - position, out);
        if (copied <= 0) {
          throw new EOFException(
              source + " ended at byte " + position + " while the copy was to end at " + last);
        }
        position += copied;
      }
    }
  }

  @Override
  public void delete(Location location) throws IOException {
    Files.deleteIfExists(location.toPath());
  }

  private static final class LocalAtomicOutput implements AtomicOutput {
    private final OutputStream stream;
    private final LocalTemporary temp;
    private final Path target;
    private boolean done;

    LocalAtomicOutput(OutputStream stream, LocalTemporary temp, Path target) {
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
      StagedOutput staged = stage();
      try {
        staged.publish();
      } catch (IOException | RuntimeException e) {
        LocalTemporary.deleteQuietly(temp.path());
        throw e;
      }
    }

    @Override
    public StagedOutput stage() throws IOException {
      if (done) {
        throw new IllegalStateException("output " + target + " was already committed or aborted");
      }
      done = true;
      try {
        stream.close();
      } catch (IOException | RuntimeException e) {
        temp.discard();
        throw e;
      }
      return temp;
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
      temp.discard();
    }
  }
}
