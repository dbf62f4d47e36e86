package io.zoopipe.common.adapter;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.validation.Violation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Tells whether a record's bytes are valid in the input's charset, and where they stop being valid,
 * so that a reader can turn a record it cannot decode into an error record that keeps its original
 * bytes ({@link #base64}) instead of replacement characters. ASCII is valid in every charset a
 * reader accepts (they are ASCII-compatible), so {@link #isAscii} over a whole batch settles the
 * common case in one pass. UTF-8 is checked by its well-formedness rules (exactly what a strict JDK
 * decoder accepts), other charsets by a strict {@link CharsetDecoder}. Not thread-safe: one
 * instance per thread (it keeps a decoder); the static methods are thread-safe.
 */
public final class CharsetCheck {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGHS = 0x8080808080808080L;

  private final Charset charset;
  private final boolean utf8;
  private final boolean everyByteValid;
  private @Nullable CharsetDecoder decoder;
  private @Nullable CharBuffer scratch;

  public CharsetCheck(Charset charset) {
    this.charset = requireNonNull(charset, "charset is null");
    this.utf8 = charset.equals(StandardCharsets.UTF_8);
    this.everyByteValid = charset.equals(StandardCharsets.ISO_8859_1);
  }

  /** Whether some byte sequence can be invalid in this charset (not so for ISO-8859-1). */
  public boolean checks() {
    return !everyByteValid;
  }

  /**
   * The index, counted from {@code start}, of the first byte of {@code data[start, end)} that is
   * not valid in the charset (for UTF-8: the first byte of the first ill-formed sequence), or -1
   * when they all are.
   */
  public int firstInvalid(byte[] data, int start, int end) {
    if (everyByteValid) {
      return -1;
    }
    if (utf8) {
      int i = start;
      while (i < end) {
        if (i <= end - 8) {
          long highs = (long) LONGS.get(data, i) & HIGHS;
          if (highs == 0) {
            i += 8; // eight ASCII bytes
            continue;
          }
          // Past the ASCII bytes before the first that is not (little-endian: the lowest bits).
          i += Long.numberOfTrailingZeros(highs) >>> 3;
        } else if (data[i] >= 0) {
          i++;
          continue;
        }
        int length = utf8Sequence(data, i, end);
        if (length < 0) {
          return i - start;
        }
        i += length;
      }
      return -1;
    }
    return isAscii(data, start, end) ? -1 : firstInvalidDecoded(data, start, end);
  }

  private int firstInvalidDecoded(byte[] data, int start, int end) {
    CharsetDecoder strict = decoder;
    if (strict == null) {
      strict =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      decoder = strict;
    }
    CharBuffer out = scratch;
    if (out == null) {
      out = CharBuffer.allocate(1024);
      scratch = out;
    }
    strict.reset();
    ByteBuffer in = ByteBuffer.wrap(data, start, end - start);
    while (true) {
      out.clear();
      CoderResult result = strict.decode(in, out, true);
      if (result.isError()) {
        return in.position() - start;
      }
      if (result.isUnderflow()) {
        out.clear();
        CoderResult flushed = strict.flush(out);
        return flushed.isError() ? in.position() - start : -1;
      }
    }
  }

  /**
   * The violation of a record that is not valid in the charset at byte {@code at} of it (counted
   * from its first byte), the record starting at source offset {@code offset}.
   */
  public Violation violation(int at, long offset) {
    return Violation.parse(
        "bytes not valid "
            + charset.name()
            + " at byte "
            + at
            + " of the record (which starts at byte "
            + offset
            + "); its bytes are kept as base64");
  }

  /** The base64 text (RFC 4648, with padding) of {@code data[start, end)}. */
  public static String base64(byte[] data, int start, int end) {
    byte[] bytes = new byte[end - start];
    System.arraycopy(data, start, bytes, 0, bytes.length);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Whether every byte of {@code data[start, end)} is ASCII, eight bytes at a time. */
  public static boolean isAscii(byte[] data, int start, int end) {
    int i = start;
    long bits = 0;
    for (; i <= end - 8; i += 8) {
      bits |= (long) LONGS.get(data, i);
    }
    for (; i < end; i++) {
      bits |= data[i];
    }
    return (bits & HIGHS) == 0; // a byte widened from the tail loop sets every high bit
  }

  /**
   * The length of the well-formed UTF-8 sequence (Unicode Table 3-7) whose lead byte, not ASCII, is
   * {@code data[i]}, or -1: no overlong forms, surrogates, code points past U+10FFFF, stray
   * continuation bytes or truncated sequences.
   */
  public static int utf8Sequence(byte[] data, int i, int end) {
    int lead = data[i] & 0xFF;
    if (lead < 0xE0) { // kept small, to be inlined where two-byte sequences are common
      return lead >= 0xC2 && i + 1 < end && isContinuation(data[i + 1]) ? 2 : -1;
    }
    return longUtf8Sequence(data, i, end, lead);
  }

  /** {@link #utf8Sequence} for a lead byte of a three- or four-byte sequence (or none). */
  private static int longUtf8Sequence(byte[] data, int i, int end, int lead) {
    int length = lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : -1;
    if (length < 0 || i + length > end) {
      return -1;
    }
    for (int k = 1; k < length; k++) {
      if (!isContinuation(data[i + k])) {
        return -1;
      }
    }
    int second = data[i + 1] & 0xFF;
    boolean outOfRange =
        (lead == 0xE0 && second < 0xA0) // overlong
            || (lead == 0xED && second >= 0xA0) // a surrogate
            || (lead == 0xF0 && second < 0x90) // overlong
            || (lead == 0xF4 && second >= 0x90); // past U+10FFFF
    return outOfRange ? -1 : length;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
