package io.zoopipe.common.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output that becomes visible at its location only when committed: a temporary file renamed into
 * place, or a multipart upload completed. Not thread-safe. {@link #close()} without {@link
 * #commit()} aborts, so try-with-resources never leaves a half-written destination.
 */
public interface AtomicOutput extends Closeable {
  /** The stream to write to; owned by this output, do not close it directly. */
  OutputStream stream();

  /** Flushes, closes and publishes the bytes at the destination. */
  void commit() throws IOException;

  /**
   * Flushes and closes, leaving the bytes complete but not visible at the destination; the staged
   * output returned publishes or discards them. The default defers to {@link #commit()} and {@link
   * #abort()} (nothing happens until publishing); storages that can stage (a temporary file, an
   * upload not completed) override it. Call instead of {@link #commit()}, not after it.
   */
  default StagedOutput stage() throws IOException {
    return StagedOutput.deferred(this);
  }

  /** Discards everything written; the destination is untouched. Never throws. */
  void abort();

  @Override
  default void close() {
    abort();
  }
}
