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
}
