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
