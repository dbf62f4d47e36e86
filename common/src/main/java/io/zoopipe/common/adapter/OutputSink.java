package io.zoopipe.common.adapter;

import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedOutput;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Writes records to one destination. Encoding and writing are split so that the expensive part,
 * turning records into bytes, runs on worker threads: {@link #encode} is thread-safe, while {@link
 * #write}, {@link #finish} and {@link #abort} are called by one writer thread, in batch order.
 * Records are the objects of {@link io.zoopipe.common.pipe.Entry#outputValue()}: schema objects,
 * maps, or error records.
 *
 * <p>Optional capabilities are interfaces of their own: {@link HeaderedSink} (a header that merged
 * parts repeat once) and {@link CompactJsonSink} (records taken as JSON bytes, see {@link
 * Transcoder}).
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

  /**
   * Like {@link #finish}, but leaves the complete output staged, not yet visible: the caller
   * publishes it (with the other outputs of its run) or discards it. The default finishes and
   * returns an output that is already published, for sinks that cannot stage.
   */
  default StagedOutput stage() throws IOException {
    finish();
    return new StagedOutput() {
      @Override
      public Optional<StagedFile> file() {
        return Optional.empty();
      }

      @Override
      public void publish() {}

      @Override
      public void discard() {}
    };
  }

  /** Discards the output: the destination is left untouched. Never throws. */
  void abort();

  /** Records written so far. */
  long recordsWritten();

  /** Aborts unless finished. */
  @Override
  default void close() {
    abort();
  }
}
