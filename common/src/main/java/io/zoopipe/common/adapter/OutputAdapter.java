package io.zoopipe.common.adapter;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where records go and how they are written: a small immutable value (a location and format
 * options). {@link #open} creates the sink that does the work. Thread-safe.
 */
public interface OutputAdapter {
  /**
   * Opens a sink that writes through the storage {@code storage} gives for the destination. Nothing
   * is visible at the destination until the sink is finished.
   */
  OutputSink open(StorageFactory storage, OutputContext context) throws IOException;

  /** Checks, before a run writes anything, that the destination can be written. */
  void checkWritable(StorageFactory storage) throws IOException;

  /**
   * The same output as a "part": only the records, without what surrounds them (a CSV header, a
   * JSON array's brackets), so that parts written by several shards can be concatenated byte for
   * byte between the pieces of {@link #envelope}. A compressed part is one or more complete
   * compressed members.
   *
   * @throws UnsupportedOperationException if the output cannot be written in parts
   */
  default OutputAdapter asPart() {
    throw new UnsupportedOperationException(describe() + " cannot be written in parts");
  }

  /**
   * What surrounds parts in the merged file, uncompressed: the head (a CSV header for {@code
   * columns}, a JSON array's {@code [}), the separator between two non-empty parts, the tail.
   */
  default Envelope envelope(List<String> columns) {
    return Envelope.NONE;
  }

  /** The location written, if the output lives in storage. */
  Optional<Location> location();

  /** A short description for messages and logs: format and location. */
  String describe();
}
