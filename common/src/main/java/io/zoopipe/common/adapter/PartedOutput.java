package io.zoopipe.common.adapter;

import java.util.List;

/**
 * An output that several shards can write in parts, merged afterwards into one file. A capability
 * of an {@link OutputAdapter}; an output without it cannot be written by shards. Immutable;
 * thread-safe.
 */
public interface PartedOutput extends OutputAdapter {
  /**
   * The same output as a "part": only the records, without what surrounds them (a CSV header, a
   * JSON array's brackets), so that parts written by several shards can be concatenated byte for
   * byte between the pieces of {@link #envelope}. A compressed part is one or more complete
   * compressed members.
   */
  OutputAdapter asPart();

  /**
   * What surrounds parts in the merged file, uncompressed: the head (a CSV header for {@code
   * columns}, a JSON array's {@code [}), the separator between two non-empty parts, the tail.
   *
   * @param columns the header columns the parts were written with ({@link HeaderedSink#columns})
   */
  Envelope envelope(List<String> columns);
}
