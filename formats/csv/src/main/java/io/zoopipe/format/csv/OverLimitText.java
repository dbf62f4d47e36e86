package io.zoopipe.format.csv;

import io.zoopipe.common.report.TruncatedText;
import java.nio.charset.Charset;

/**
 * What error records carry of a value or record text over a limit: its first bytes, cut back to a
 * character boundary, followed by a marker that gives its whole size, {@code ... [truncated: N
 * bytes]} (the marker of {@link TruncatedText}, shared by every format). Never the whole value, so
 * that one huge field cannot exhaust the heap. Stateless.
 */
final class OverLimitText {
  /** Bytes kept of a field value over {@code maxFieldBytes}. */
  static final int VALUE_PREFIX_BYTES = 1024;

  /** Bytes kept of a record's text over {@code maxFieldBytes}, or of a record that was cut. */
  static final int TEXT_PREFIX_BYTES = CsvFramer.PROBLEM_TEXT_BYTES;

  private OverLimitText() {}

  /**
   * The first at most {@code prefixBytes} of {@code data[start, start + length)} decoded in {@code
   * charset} (invalid bytes replaced), and the marker for a value of {@code size} bytes.
   */
  static String of(
      byte[] data, int start, int length, Charset charset, int prefixBytes, long size) {
    int kept = Math.min(length, prefixBytes);
    // Do not split a UTF-8 sequence: back off to its lead byte (any ASCII-compatible charset's
    // continuation bytes are never ASCII, so this only ever drops bytes that are not).
    while (kept > 0 && kept < length && (data[start + kept] & 0xC0) == 0x80) {
      kept--;
    }
    return new String(data, start, kept, charset) + marker(size);
  }

  /** The marker that follows a kept prefix: {@code ... [truncated: N bytes]}. */
  static String marker(long size) {
    return TruncatedText.MARKER + size + " bytes]";
  }
}
