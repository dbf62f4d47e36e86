package io.zoopipe.common.adapter;

import io.zoopipe.common.io.Location;
import java.io.IOException;
import java.util.Optional;

/**
 * Where records come from and how they are framed: a small immutable value (a location and format
 * options) that can be described to another JVM. {@link #open()} creates the reader that does the
 * work; the adapter itself holds no resources and is thread-safe.
 */
public interface InputAdapter {
  /** Opens a reader of this input (of its byte range, for splittable formats). */
  RecordReader open() throws IOException;

  /** Whether a byte range of the input can be read on its own (plain CSV and JSON Lines). */
  boolean isSplittable();

  /** The location read, if the input lives in storage. */
  Optional<Location> location();

  /** A short description for messages and logs: format and location. */
  String describe();
}
