package io.zoopipe.common.adapter;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.validation.Violation;

/**
 * Thrown by {@link OutputSink#encode} for a record the output cannot hold as it is (a key outside a
 * fixed CSV header, say), carrying the reason that the record's error record will show. The pipe
 * then encodes the batch's records one by one and turns each record that throws into an error
 * record; the run goes on. Immutable.
 */
public final class RecordRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Violation violation;

  public RecordRejectedException(Violation violation) {
    super(requireNonNull(violation, "violation is null").toString(), null, false, false);
    this.violation = violation;
  }

  /** Why the record cannot be written, as its error record will say. */
  public Violation violation() {
    return violation;
  }
}
