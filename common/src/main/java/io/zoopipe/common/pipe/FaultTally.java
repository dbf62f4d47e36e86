package io.zoopipe.common.pipe;

/**
 * What fault handling did in one batch: calls made again, rows that became error records because of
 * an exception, and back-off waited. Not thread-safe: it belongs to the thread processing the
 * batch.
 */
final class FaultTally {
  int retries;
  int skipped;
  long backoffNanos;
}
