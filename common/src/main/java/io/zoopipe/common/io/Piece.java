package io.zoopipe.common.io;

import static java.util.Objects.requireNonNull;

/**
 * A piece of a file or object composed by {@link Storage#stageComposition}: a byte range of a file
 * or object in the same storage, or bytes given. Immutable (a {@link Bytes} keeps the array it was
 * given: do not change it afterwards).
 */
public sealed interface Piece permits Piece.Range, Piece.Bytes {
  /** The number of bytes the piece adds. */
  long length();

  /** Bytes {@code [start, end)} of {@code source}. */
  static Piece range(Location source, long start, long end) {
    return new Range(source, start, end);
  }

  /** The bytes of {@code bytes}. */
  static Piece bytes(byte[] bytes) {
    return new Bytes(bytes);
  }

  /**
   * Bytes {@code [start, end)} of a file or object.
   *
   * @param source the file or object, in the composing storage
   * @param start the first byte
   * @param end one past the last byte; at least {@code start}
   */
  record Range(Location source, long start, long end) implements Piece {
    public Range {
      requireNonNull(source, "source is null");
      if (start < 0 || end < start) {
        throw new IllegalArgumentException(
            "invalid range [" + start + ", " + end + ") of " + source);
      }
    }

    @Override
    public long length() {
      return end - start;
    }
  }

  /**
   * Bytes given, written as they are.
   *
   * @param bytes the bytes
   */
  @SuppressWarnings("ArrayRecordComponent") // a byte array handed over whole, never compared
  record Bytes(byte[] bytes) implements Piece {
    public Bytes {
      requireNonNull(bytes, "bytes is null");
    }

    @Override
    public long length() {
      return bytes.length;
    }
  }
}
