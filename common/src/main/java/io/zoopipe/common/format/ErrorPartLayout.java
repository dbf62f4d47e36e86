package io.zoopipe.common.format;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;

/**
 * How one error output's parts read back as records and are written again, so that a manager can
 * shift the records' positions: a decompressed part, with {@link #head()} before it and {@link
 * #tail()} after it, reads back through {@link #reader} as the error records the shard wrote, and
 * {@link #writer} writes them again exactly as the shard's part writer did. A format whose parts
 * are not streams of records (a columnar file with a footer) shifts the positions in the part
 * itself instead ({@link #shift}). Immutable; thread-safe.
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

  /**
   * Writes a copy of {@code part} at {@code target} whose error records' positions are {@code base}
   * higher, by the format's own means, or returns false (the default) to have the caller do it
   * through {@link #reader} and {@link #writer}.
   *
   * @param records how many error records the part holds
   * @return true when the copy is written and complete at {@code target}
   * @throws IOException when the part cannot be read or written, or does not hold {@code records}
   *     records
   */
  default boolean shift(
      StorageFactory storage, Location part, Location target, long base, long records)
      throws IOException {
    return false;
  }
}
