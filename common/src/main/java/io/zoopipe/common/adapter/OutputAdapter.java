package io.zoopipe.common.adapter;

import io.zoopipe.common.io.Location;
import java.io.IOException;
import java.util.Optional;

/**
 * Where records go and how they are written: a small immutable value (a location and format
 * options). {@link #open} creates the sink that does the work. An output that shards can write in
 * parts is a {@link PartedOutput}. Thread-safe.
 */
public interface OutputAdapter {
  /** Opens a sink. Nothing is visible at the destination until the sink is finished. */
  OutputSink open(OutputContext context) throws IOException;

  /** Checks, before a run writes anything, that the destination can be written. */
  void checkWritable() throws IOException;

  /** The location written, if the output lives in storage. */
  Optional<Location> location();

  /** A short description for messages and logs: format and location. */
  String describe();
}
