package io.zoopipe.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Reads and writes bytes at {@link Location}s of one kind (local files, S3). Implementations are
 * thread-safe. Missing locations raise {@link java.nio.file.NoSuchFileException} naming the
 * location; other failures raise {@link IOException} with the cause.
 */
public interface Storage {
  /** The size in bytes of the file or object at {@code location}. */
  long size(Location location) throws IOException;

  boolean exists(Location location) throws IOException;

  /**
   * Opens a stream of the bytes from {@code start} to the end. {@code endHint} is where the caller
   * expects to stop (a shard's end); it may read past it to finish a record, and an implementation
   * may prefetch up to around there. Use {@code Long.MAX_VALUE} to read all.
   */
  InputStream open(Location location, long start, long endHint) throws IOException;

  /**
   * Checks, before anything is written, that {@code location} can be created: its directory or
   * bucket exists and is writable. Throws with a message naming the location otherwise.
   */
  void checkWritable(Location location) throws IOException;

  /** Starts a new output that appears at {@code location} only when committed. */
  AtomicOutput create(Location location) throws IOException;

  /** Deletes {@code location} if it exists. */
  void delete(Location location) throws IOException;

  /**
   * Writes the bytes of {@code sources}, in order, as one new file or object at {@code target},
   * atomically (nothing is visible at {@code target} until it is complete). Sources must live in
   * this storage. The default streams every byte through this process; object stores override it to
   * assemble the target server-side where they can.
   */
  default void concatenate(List<Location> sources, Location target) throws IOException {
    try (AtomicOutput output = create(target)) {
      OutputStream out = output.stream();
      for (Location source : sources) {
        try (InputStream in = open(source, 0, Long.MAX_VALUE)) {
          in.transferTo(out);
        }
      }
      output.commit();
    }
  }

  /**
   * Stages a new file or object at {@code target} made of {@code pieces}, in order: ranges of files
   * or objects in this storage and bytes given (how a format with a footer, such as Parquet, is
   * assembled from parts without decoding them). Complete when this returns, visible once the
   * staged output is published. The default streams every byte through this process; local files
   * are copied in the kernel, and S3 copies ranges server-side where part sizes allow.
   *
   * @throws java.io.EOFException when a source ends before its range does
   */
  default StagedOutput stageComposition(List<Piece> pieces, Location target) throws IOException {
    AtomicOutput output = create(target);
    try {
      OutputStream out = output.stream();
      for (Piece piece : pieces) {
        if (piece instanceof Piece.Bytes bytes) {
          out.write(bytes.bytes());
        } else {
          copyRange((Piece.Range) piece, out);
        }
      }
      return output.stage();
    } catch (IOException | RuntimeException e) {
      output.abort();
      throw e;
    }
  }

  private void copyRange(Piece.Range range, OutputStream out) throws IOException {
    if (range.length() == 0) {
      return;
    }
    try (InputStream in = open(range.source(), range.start(), range.end())) {
      byte[] buffer = new byte[(int) Math.min(64 << 10, range.length())];
      long left = range.length();
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new java.io.EOFException(
              range.source()
                  + " ended "
                  + left
                  + " bytes before byte "
                  + range.end()
                  + " of the range to copy");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  /**
   * Like {@link #concatenate}, but stops short of publishing: the concatenation is complete when
   * this returns, and visible at {@code target} once the staged output is published. The default
   * streams the bytes through {@link #create} and {@link AtomicOutput#stage}; a storage that
   * overrides {@link #concatenate} overrides this too.
   */
  default StagedOutput stageConcatenation(List<Location> sources, Location target)
      throws IOException {
    AtomicOutput output = create(target);
    try {
      OutputStream out = output.stream();
      for (Location source : sources) {
        try (InputStream in = open(source, 0, Long.MAX_VALUE)) {
          in.transferTo(out);
        }
      }
      return output.stage();
    } catch (IOException | RuntimeException e) {
      output.abort();
      throw e;
    }
  }
}
