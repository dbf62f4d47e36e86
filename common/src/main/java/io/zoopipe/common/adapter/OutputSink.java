package io.zoopipe.common.adapter;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes records to one destination. Encoding and writing are split so that the expensive part,
 * turning records into bytes, runs on worker threads: {@link #encode} is thread-safe, while {@link
 * #write}, {@link #finish} and {@link #abort} are called by one writer thread, in batch order.
 * Records are the objects of {@link io.zoopipe.common.pipe.Entry#outputValue()}: schema objects,
 * maps, or error records.
 */
public interface OutputSink extends Closeable {
  /** Encodes records for {@link #write}. Thread-safe; does no I/O. */
  EncodedBatch encode(List<?> records) throws IOException;

  /** Writes an encoded batch after the ones written before it. */
  void write(EncodedBatch batch) throws IOException;

  /**
   * Writes any trailer, flushes, closes and publishes the output at its destination. After it
   * returns, the file or object is complete and valid.
   */
  void finish() throws IOException;

  /** Discards the output: the destination is left untouched. Never throws. */
  void abort();

  /**
   * The columns this sink wrote or would write as its header (the first record's, else the schema's
   * or the input's), valid after {@link #finish()}; empty for formats without one.
   */
  default List<String> columns() {
    return List.of();
  }

  /**
   * How this sink lays out compact JSON records handed to it as bytes ({@link #encodeJson}), or
   * null when it takes none: then records reach it only through {@link #encode}. A sink returns a
   * layout only when {@link #encode} would write each record given to it as one compact JSON value,
   * laid out that way, so that a batch that writes its own records as JSON (see {@link
   * RawBatch#toJson}) produces the same bytes.
   */
  default @Nullable JsonLayout jsonLayout() {
    return null;
  }

  /**
   * Wraps {@code bytes[0, length)}, {@code count} compact JSON records laid out as {@link
   * #jsonLayout()} says, as a batch for {@link #write}. Thread-safe; does no I/O.
   *
   * @throws UnsupportedOperationException when {@link #jsonLayout()} is null
   */
  default EncodedBatch encodeJson(byte[] bytes, int length, int count) {
    throw new UnsupportedOperationException(getClass().getName() + " takes no JSON bytes");
  }

  /**
   * How compact JSON records follow each other within a batch: {@code separator} between two
   * records, {@code terminator} after each (JSON Lines: none and a line feed; an array: a comma and
   * a line feed, and none).
   */
  record JsonLayout(byte[] separator, byte[] terminator) {}

  /** Records written so far. */
  long recordsWritten();

  /** Aborts unless finished. */
  @Override
  default void close() {
    abort();
  }
}
