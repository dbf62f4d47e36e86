package io.zoopipe.common.report;

import java.nio.charset.Charset;

/**
 * The raw text an error record keeps of a record too long to keep whole: its first {@link
 * #PREFIX_BYTES} bytes, then the {@link #MARKER} and the record's size in bytes and a closing
 * bracket ({@code ... [truncated: 209715200 bytes]}). Readers of every format use it, so that an
 * over-limit record looks the same in every error output and its memory stays bounded. Stateless.
 */
public final class TruncatedText {
  /** How many bytes of the record's start are kept. */
  public static final int PREFIX_BYTES = 1024;

  /** What follows the kept prefix. */
  public static final String MARKER = "... [truncated: ";

  private TruncatedText() {}

  /**
   * The kept text of a record of {@code totalBytes} bytes whose start is {@code bytes[offset,
   * offset + length)} (only the first {@link #PREFIX_BYTES} are used), decoded in {@code charset}.
   */
  public static String of(byte[] bytes, int offset, int length, long totalBytes, Charset charset) {
    int kept = Math.min(PREFIX_BYTES, length);
    return new String(bytes, offset, kept, charset) + MARKER + totalBytes + " bytes]";
  }
}
