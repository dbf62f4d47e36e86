package io.zoopipe.format.csv;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A whole CSV row as compact JSON, built from its values' UTF-8 bytes, handed to Jackson as a raw
 * value. The escaping is Jackson's default for UTF-8 output ({@code \"}, {@code \\}, {@code \b \t
 * \n \f \r}, other control characters as a backslash, {@code u00} and two upper-case hex digits;
 * nothing else escaped), so the bytes are those Jackson writes for the row's strings with zoopipe's
 * JSON settings. Not thread-safe; an instance is used by one thread for one row.
 */
final class CsvRowJson implements SerializableString {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long SPACES = ONES * 0x20;
  private static final long DOUBLE_QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final ThreadLocal<CsvRowJson> SCRATCH = ThreadLocal.withInitial(CsvRowJson::new);

  private byte[] bytes = new byte[1024];
  private int length;

  private CsvRowJson() {}

  /** This thread's instance, emptied, with room for {@code capacity} bytes. */
  static CsvRowJson forRow(int capacity) {
    CsvRowJson json = SCRATCH.get();
    if (json.bytes.length < capacity) {
      json.bytes = new byte[Math.max(capacity, 2 * json.bytes.length)];
    }
    json.length = 0;
    return json;
  }

  void put(byte b) {
    bytes[length++] = b;
  }

  void put(byte[] raw) {
    System.arraycopy(raw, 0, bytes, length, raw.length);
    length += raw.length;
  }

  /**
   * Appends {@code data[start, end)} escaped as the content of a JSON string; when {@code
   * doubledQuotes}, each pair of {@code quote} bytes stands for one quote. Room for six bytes per
   * input byte must have been asked for.
   */
  void putEscaped(byte[] data, int start, int end, boolean doubledQuotes, byte quote) {
    long quotes = doubledQuotes ? ONES * (quote & 0xFF) : 0;
    byte[] out = bytes;
    int o = length;
    int i = start;
    while (i < end) {
      if (i <= end - 8) {
        long word = (long) LONGS.get(data, i);
        long special = (word - SPACES) & ~word;
        special |= zeroBytes(word ^ DOUBLE_QUOTES) | zeroBytes(word ^ BACKSLASHES);
        if (doubledQuotes) {
          special |= zeroBytes(word ^ quotes);
        }
        if ((special & HIGHS) == 0) {
          LONGS.set(out, o, word);
          o += 8;
          i += 8;
          continue;
        }
      }
      byte b = data[i++];
      if (doubledQuotes && b == quote) {
        i++; // the second quote of the pair
      }
      o = escape(b, out, o);
    }
    length = o;
  }

  private static long zeroBytes(long x) {
    return (x - ONES) & ~x;
  }

  /**
   * Writes byte {@code b} as JSON string content at {@code out[o]}, escaped as Jackson does (see
   * above; a byte outside ASCII as it is); returns the index after it.
   */
  static int escape(byte b, byte[] out, int o) {
    if (b >= 0x20 || b < 0) {
      if (b == '"' || b == '\\') {
        out[o++] = '\\';
      }
      out[o++] = b;
      return o;
    }
    byte shortForm =
        switch (b) {
          case '\b' -> 'b';
          case '\t' -> 't';
          case '\n' -> 'n';
          case '\f' -> 'f';
          case '\r' -> 'r';
          default -> 0;
        };
    out[o++] = '\\';
    if (shortForm != 0) {
      out[o++] = shortForm;
      return o;
    }
    out[o++] = 'u';
    out[o++] = '0';
    out[o++] = '0';
    out[o++] = HEX[b >> 4];
    out[o++] = HEX[b & 0xF];
    return o;
  }

  @Override
  public String getValue() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  @Override
  public int charLength() {
    return getValue().length();
  }

  @Override
  public char[] asQuotedChars() {
    return JsonStringEncoder.getInstance().quoteAsString(getValue());
  }

  @Override
  public byte[] asUnquotedUTF8() {
    return Arrays.copyOf(bytes, length);
  }

  @Override
  public byte[] asQuotedUTF8() {
    return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
  }

  @Override
  public int appendQuotedUTF8(byte[] buffer, int offset) {
    return copy(asQuotedUTF8(), buffer, offset);
  }

  @Override
  public int appendQuoted(char[] buffer, int offset) {
    return copy(asQuotedChars(), buffer, offset);
  }

  @Override
  public int appendUnquotedUTF8(byte[] buffer, int offset) {
    if (offset + length > buffer.length) {
      return -1;
    }
    System.arraycopy(bytes, 0, buffer, offset, length);
    return length;
  }

  @Override
  public int appendUnquoted(char[] buffer, int offset) {
    return copy(getValue().toCharArray(), buffer, offset);
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) throws IOException {
    byte[] quoted = asQuotedUTF8();
    out.write(quoted);
    return quoted.length;
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws IOException {
    out.write(bytes, 0, length);
    return length;
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) {
    byte[] quoted = asQuotedUTF8();
    if (quoted.length > buffer.remaining()) {
      return -1;
    }
    buffer.put(quoted);
    return quoted.length;
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) {
    if (length > buffer.remaining()) {
      return -1;
    }
    buffer.put(bytes, 0, length);
    return length;
  }

  private static int copy(byte[] from, byte[] to, int offset) {
    if (offset + from.length > to.length) {
      return -1;
    }
    System.arraycopy(from, 0, to, offset, from.length);
    return from.length;
  }

  private static int copy(char[] from, char[] to, int offset) {
    if (offset + from.length > to.length) {
      return -1;
    }
    System.arraycopy(from, 0, to, offset, from.length);
    return from.length;
  }
}
