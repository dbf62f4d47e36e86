package io.zoopipe.common.shard;

/**
 * A half-open range of byte offsets {@code [start, end)} of one input. A reader of a range owns
 * exactly the records that start inside it: it skips a partial first record (unless {@code start}
 * is 0) and reads past {@code end} to finish the last record it owns.
 */
public record ByteRange(long start, long end) {
  /** The whole input, however long. */
  public static final ByteRange ALL = new ByteRange(0, Long.MAX_VALUE);

  public ByteRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("invalid byte range [" + start + ", " + end + ")");
    }
  }

  public long length() {
    return end - start;
  }

  public boolean isAll() {
    return start == 0 && end == Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + (end == Long.MAX_VALUE ? "end" : Long.toString(end)) + ")";
  }
}
