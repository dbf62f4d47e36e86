package io.zoopipe.format.parquet;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A Parquet {@link InputFile} over a {@link Storage} location: every seek becomes a ranged read
 * ({@link Storage#open} from the new position), so that on S3 only the footer and the column chunks
 * asked for are fetched, never the whole object. Counts the bytes it reads ({@link #bytesRead()}).
 * Thread-safe; each stream it opens is not.
 */
final class StorageInputFile implements InputFile {
  /** A forward seek shorter than this skips bytes on the open stream instead of reopening. */
  private static final long SKIP_LIMIT = 64 << 10;

  private final Storage storage;
  private final Location location;
  private final long length;
  private final LongAdder bytesRead = new LongAdder();

  StorageInputFile(Storage storage, Location location, long length) {
    this.storage = requireNonNull(storage, "storage is null");
    this.location = requireNonNull(location, "location is null");
    this.length = length;
  }

  /** Opens {@code location}, learning its length from the storage. */
  static StorageInputFile open(Storage storage, Location location) throws IOException {
    return new StorageInputFile(storage, location, storage.size(location));
  }

  Location location() {
    return location;
  }

  /** Bytes read from storage so far, through every stream of this file. */
  long bytesRead() {
    return bytesRead.sum();
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new RangedStream();
  }

  @Override
  public String toString() {
    return location.toString();
  }

  /** Reads from a stream opened at the current position, reopened when a seek jumps. */
  private final class RangedStream extends SeekableInputStream {
    private @Nullable InputStream in;
    private long position;
    // Where reads into direct buffers (a row group's column chunks) pass through: one per stream,
    // where one per call made a quarter of a gigabyte of garbage per million rows read.
    private byte @Nullable [] scratch;

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void seek(long newPosition) throws IOException {
      if (newPosition < 0 || newPosition > length) {
        throw new EOFException(
            "cannot seek to " + newPosition + " in " + location + " of " + length + " bytes");
      }
      InputStream current = in;
      if (current != null && newPosition >= position && newPosition - position <= SKIP_LIMIT) {
        long toSkip = newPosition - position;
        while (toSkip > 0) {
          long skipped = current.skip(toSkip);
          if (skipped <= 0) {
            break;
          }
          bytesRead.add(skipped);
          toSkip -= skipped;
          position += skipped;
        }
        if (toSkip == 0) {
          return;
        }
      }
      closeStream();
      position = newPosition;
    }

    private InputStream stream() throws IOException {
      InputStream current = in;
      if (current == null) {
        current = storage.open(location, position, length);
        in = current;
      }
      return current;
    }

    @Override
    public int read() throws IOException {
      if (position >= length) {
        return -1;
      }
      int b = stream().read();
      if (b >= 0) {
        position++;
        bytesRead.increment();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
      if (count == 0) {
        return 0;
      }
      if (position >= length) {
        return -1;
      }
      int n = stream().read(buffer, offset, count);
      if (n > 0) {
        position += n;
        bytesRead.add(n);
      }
      return n;
    }

    @Override
    public void readFully(byte[] buffer) throws IOException {
      readFully(buffer, 0, buffer.length);
    }

    @Override
    public void readFully(byte[] buffer, int offset, int count) throws IOException {
      int done = 0;
      while (done < count) {
        int n = read(buffer, offset + done, count - done);
        if (n < 0) {
          throw new EOFException(
              location + " ended at byte " + position + ", " + (count - done) + " bytes short");
        }
        done += n;
      }
    }

    @Override
    public int read(ByteBuffer buffer) throws IOException {
      int count = buffer.remaining();
      if (count == 0) {
        return 0;
      }
      if (buffer.hasArray()) {
        int n = read(buffer.array(), buffer.arrayOffset() + buffer.position(), count);
        if (n > 0) {
          buffer.position(buffer.position() + n);
        }
        return n;
      }
      byte[] chunk = scratch;
      if (chunk == null) {
        chunk = new byte[64 << 10];
        scratch = chunk;
      }
      int n = read(chunk, 0, Math.min(count, chunk.length));
      if (n > 0) {
        buffer.put(chunk, 0, n);
      }
      return n;
    }

    @Override
    public void readFully(ByteBuffer buffer) throws IOException {
      while (buffer.hasRemaining()) {
        if (read(buffer) < 0) {
          throw new EOFException(
              location + " ended at byte " + position + ", " + buffer.remaining() + " bytes short");
        }
      }
    }

    @Override
    public void close() throws IOException {
      closeStream();
    }

    private void closeStream() throws IOException {
      InputStream current = in;
      in = null;
      if (current != null) {
        current.close();
      }
    }
  }
}
