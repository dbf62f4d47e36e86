package io.zoopipe.common.adapter;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.util.Optional;

/**
 * Where records come from and how they are framed: a small immutable value (a location and format
 * options) that can be described to another JVM. {@link #open} creates the reader that does the
 * work, through the storage it is given; the adapter itself holds no resources and is thread-safe.
 */
public interface InputAdapter {
  /**
   * Opens a reader of this input (of its byte range, for splittable formats), reading through the
   * storage that {@code storage} gives for its location.
   */
  RecordReader open(StorageFactory storage) throws IOException;

  /**
   * Checks, before a run reads anything, what opening the input would find wrong beyond its
   * storage's {@code exists} (a database table that is missing, a query that does not compile, a
   * password the database refuses). Nothing by default.
   *
   * @throws IOException with a one-line message naming the input when it cannot be read
   */
  default void checkReadable(StorageFactory storage) throws IOException {}

  /** Whether a byte range of the input can be read on its own (plain CSV and JSON Lines). */
  boolean isSplittable();

  /**
   * The same input restricted to the records that start in {@code range} (the shard rule of {@link
   * ByteRange}). With {@code exactStart} the range's start is known to be a record boundary (the
   * previous shard's {@link RecordReader#endOffset()}); otherwise a reader starting mid-file makes
   * a best guess at the first boundary, which the caller verifies.
   *
   * @throws UnsupportedOperationException if the input is not splittable
   */
  default InputAdapter withRange(ByteRange range, boolean exactStart) {
    throw new UnsupportedOperationException(describe() + " cannot be read by byte range");
  }

  /**
   * The same input told that only {@code columns} will be read from its records (what the schema
   * and the hooks need), so that a columnar format fetches only those from storage. The pipe calls
   * it before opening; by default the input is unchanged and every column is read.
   */
  default InputAdapter withColumns(ColumnSet columns) {
    return this;
  }

  /** The location read, if the input lives in storage. */
  Optional<Location> location();

  /** A short description for messages and logs: format and location. */
  String describe();
}
