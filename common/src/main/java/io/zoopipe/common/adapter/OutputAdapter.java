package io.zoopipe.common.adapter;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;
import java.util.Optional;

/**
 * Where records go and how they are written: a small immutable value (a location and format
 * options). {@link #open} creates the sink that does the work. An output that shards can write in
 * parts is a {@link PartedOutput}. Thread-safe.
 */
public interface OutputAdapter {
  /**
   * Opens a sink that writes through the storage {@code storage} gives for the destination. Nothing
   * is visible at the destination until the sink is finished.
   */
  OutputSink open(StorageFactory storage, OutputContext context) throws IOException;

  /** Checks, before a run writes anything, that the destination can be written. */
  void checkWritable(StorageFactory storage) throws IOException;

  /** The location written, if the output lives in storage. */
  Optional<Location> location();

  /** A short description for messages and logs: format and location. */
  String describe();
}
