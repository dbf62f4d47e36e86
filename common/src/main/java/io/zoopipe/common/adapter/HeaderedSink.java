package io.zoopipe.common.adapter;

import java.util.List;

/**
 * A sink whose output starts with a header of column names, which a merge of its parts must write
 * once (see {@link PartedOutput#envelope}). Called by the writer thread.
 */
public interface HeaderedSink extends OutputSink {
  /**
   * The columns this sink wrote or would write as its header (the first record's, else the schema's
   * or the input's), valid after {@link #finish()}.
   */
  List<String> columns();

  /**
   * Whether {@code batch}, encoded by this sink, can be written as it is: false when it was encoded
   * before the header was fixed, against other columns. The writer then encodes its records again,
   * on the writer thread (where the header is known), so that a record the header cannot hold
   * becomes an error record ({@link RecordRejectedException}) instead of losing values.
   */
  default boolean fitsHeader(EncodedBatch batch) {
    return true;
  }
}
