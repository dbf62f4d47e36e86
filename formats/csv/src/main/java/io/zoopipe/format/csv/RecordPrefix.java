package io.zoopipe.format.csv;

import java.util.Arrays;

/**
 * The kept beginning of a broken record that is streamed over rather than held: the first {@code
 * cap} bytes of its text, and the size of all of it. The framer feeds it one buffer segment at a
 * time, so memory is the prefix whatever the record's size. Not thread-safe; one per record.
 */
final class RecordPrefix {
  private final int cap;
  private final int growth;
  private byte[] text;
  private int length;
  private long size;

  /**
   * @param cap the most bytes kept
   * @param initial the first capacity (at most {@code cap})
   * @param growth how much more room to make when the prefix outgrows its array
   */
  RecordPrefix(int cap, int initial, int growth) {
    this.cap = cap;
    this.growth = growth;
    this.text = new byte[Math.min(cap, Math.max(0, initial))];
  }

  /**
   * Adds the bytes {@code [from, to)} of {@code buffer}: kept while room is left, always counted.
   */
  void append(byte[] buffer, int from, int to) {
    int copied = Math.min(to - from, cap - length);
    if (copied > 0) {
      if (length + copied > text.length) {
        text = Arrays.copyOf(text, Math.min(cap, length + copied + growth));
      }
      System.arraycopy(buffer, from, text, length, copied);
      length += copied;
    }
    size += to - from;
  }

  /** The kept bytes: {@code [0, length())} of this array. */
  byte[] text() {
    return text;
  }

  int length() {
    return length;
  }

  /** The size of the whole record seen so far, kept or not. */
  long size() {
    return size;
  }
}
