package io.zoopipe.common.adapter;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads an input, or one byte range of it, as batches of undecoded records. Not thread-safe: one
 * reader thread calls {@link #next}; the batches it returns are decoded on other threads.
 */
public interface RecordReader extends Closeable {
  /**
   * Column names known before the first record (a CSV header or explicit names); empty for
   * self-describing formats such as JSON.
   */
  List<String> columns();

  /**
   * Reads up to {@code maxRecords} records. Returns null at the end of the input or range. Blocks
   * on I/O.
   */
  @Nullable RawBatch next(int maxRecords) throws IOException;

  /** Bytes of the source consumed so far (for progress and the report). */
  long bytesRead();

  /** Bytes this reader expects to consume, or -1 when unknown (for a progress percentage). */
  long expectedBytes();

  /** Byte offset of the first record this reader owns (where it actually started). */
  long startOffset();

  /**
   * After {@link #next} returned null: the byte offset of the first record this reader does not
   * own, which is where the next shard must start; the source size at the end of the input.
   */
  long endOffset();
}
