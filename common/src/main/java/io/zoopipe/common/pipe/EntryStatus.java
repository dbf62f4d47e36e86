package io.zoopipe.common.pipe;

/** Where an {@link Entry} stands on its way through a pipe. */
public enum EntryStatus {
  /** Read, not yet validated. */
  PENDING,
  /** Passed validation (or there was no schema); it will be written to the output. */
  VALIDATED,
  /** Failed parsing, type conversion, validation or a hook's check; it goes to the error output. */
  FAILED,
  /** Deliberately dropped by a hook; counted, written nowhere. */
  DROPPED
}
