package io.zoopipe.common.adapter;

/**
 * The bytes around and between output parts when they are merged into one file: {@code head}, then
 * the parts with {@code separator} between two non-empty ones (non-empty by record count: an empty
 * compressed part is not zero bytes), then {@code tail}; or just {@code empty} when no part has a
 * record. Uncompressed; a merger of compressed parts compresses each piece as a member of its own.
 */
public record Envelope(byte[] head, byte[] separator, byte[] tail, byte[] empty) {
  public static final Envelope NONE =
      new Envelope(new byte[0], new byte[0], new byte[0], new byte[0]);

  public Envelope {
    head = head.clone();
    separator = separator.clone();
    tail = tail.clone();
    empty = empty.clone();
  }

  @Override
  public byte[] head() {
    return head.clone();
  }

  @Override
  public byte[] separator() {
    return separator.clone();
  }

  @Override
  public byte[] tail() {
    return tail.clone();
  }

  @Override
  public byte[] empty() {
    return empty.clone();
  }
}
