package io.zoopipe.common.adapter;

/**
 * Records of one batch as produced by {@link OutputSink#encode}: usually bytes ready to write,
 * opaque to everyone but the sink that made them.
 */
public interface EncodedBatch {
  /** How many records it holds. */
  int count();
}
