package io.zoopipe.common.format;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.io.Location;

/**
 * How one error output's parts read back as records and are written again, so that a manager can
 * shift the records' positions: a decompressed part, with {@link #head()} before it and {@link
 * #tail()} after it, reads back through {@link #reader} as the error records the shard wrote, and
 * {@link #writer} writes them again exactly as the shard's part writer did. Immutable; thread-safe.
 */
public interface ErrorPartLayout {
  /** The record field holding an error record's position. */
  String positionField();

  /** The file name ending of a decompressed part ({@code .csv}), so the reader recognises it. */
  String plainSuffix();

  /** Bytes written before a decompressed part so that it reads on its own. */
  default byte[] head() {
    return new byte[0];
  }

  /** Bytes written after a decompressed part so that it reads on its own. */
  default byte[] tail() {
    return new byte[0];
  }

  /** Reads the decompressed part at {@code plain} (a local file) back as records. */
  InputAdapter reader(Location plain);

  /** Writes a part at {@code target} as the shard's part writer did. */
  OutputAdapter writer(Location target);
}
