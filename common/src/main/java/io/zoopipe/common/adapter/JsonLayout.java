package io.zoopipe.common.adapter;

/**
 * How compact JSON records follow each other within a batch: {@code separator} between two records,
 * {@code terminator} after each (JSON Lines: none and a line feed; an array: a comma and a line
 * feed, and none). Used by {@link CompactJsonSink} and {@link CompactJsonBatch}.
 */
public record JsonLayout(byte[] separator, byte[] terminator) {
  public JsonLayout {
    separator = separator.clone();
    terminator = terminator.clone();
  }

  @Override
  public byte[] separator() {
    return separator.clone();
  }

  @Override
  public byte[] terminator() {
    return terminator.clone();
  }
}
