package io.zoopipe.format.csv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Writes UTF-8 CSV records straight from their bytes as compact JSON objects of string values, in
 * one pass per record: fields are split, checked and escaped as they are copied, eight bytes at a
 * time where nothing needs attention. The bytes are exactly those of the general path (a decoded
 * {@link CsvRow} serialised by the JSON sink): members in column order, Jackson's escaping for
 * UTF-8 output ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other control characters as a
 * backslash, {@code u00} and two hex digits), everything else, characters outside the BMP included,
 * as it is.
 *
 * <p>A record this cannot write cleanly (a wrong number of fields, an unterminated quote, bytes
 * after a closing quote, a field over {@code maxFieldBytes}, bytes invalid in UTF-8) is refused,
 * and the caller decodes it the general way, which says what is wrong with it. Immutable and
 * thread-safe.
 */
final class CsvJsonTranscoder {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long SPACES = ONES * 0x20;
  private static final long DOUBLE_QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  static final int REFUSED = -1;

  // members[c]: what comes before the value of column c: {"name":" or ","name":"
  private final byte[][] members;
  private final int columnCount;
  private final byte delimiter;
  private final byte quote;
  private final long delimiters;
  private final long quotes;
  private final int maxFieldBytes;
  private final int fixedBytes;

  private CsvJsonTranscoder(byte[][] members, CsvOptions options) {
    this.members = members;
    this.columnCount = members.length;
    this.delimiter = (byte) options.delimiter();
    this.quote = (byte) options.quote();
    this.delimiters = ONES * (delimiter & 0xFF);
    this.quotes = ONES * (quote & 0xFF);
    this.maxFieldBytes = options.maxFieldBytes();
    int fixed = 2; // "}
    for (byte[] member : members) {
      fixed += member.length;
    }
    this.fixedBytes = fixed;
  }

  /**
   * A transcoder for records of {@code columns}, or null when their JSON would not be plain bytes
   * of the input: a charset other than UTF-8, or a column name that JSON escapes or that is not
   * ASCII.
   */
  static @Nullable CsvJsonTranscoder create(CsvColumns columns, CsvOptions options) {
    if (!options.charset().equals(StandardCharsets.UTF_8) || columns.size() == 0) {
      return null;
    }
    byte[][] members = new byte[columns.size()][];
    for (int c = 0; c < members.length; c++) {
      byte[] member = columns.jsonMember(c); // "name":
      if (member == null) {
        return null;
      }
      String before = c == 0 ? "{" : "\",";
      members[c] =
          (before + new String(member, StandardCharsets.US_ASCII) + '"')
              .getBytes(StandardCharsets.US_ASCII);
    }
    return new CsvJsonTranscoder(members, options);
  }

  /** Bytes of output to have room for before {@link #write}ing a record of {@code length} bytes. */
  int room(int length) {
    return fixedBytes + 6 * length + 8;
  }

  /**
   * Writes the record {@code data[start, end)} (line feed excluded; a trailing CR is dropped) as a
   * JSON object at {@code out[o]}, which has {@link #room} for it. Returns the index after it, or
   * {@link #REFUSED} when the record is not clean (then {@code out} from {@code o} on is garbage).
   */
  int write(byte[] data, int start, int end, byte[] out, int o) {
    if (end > start && data[end - 1] == '\r') {
      end--;
    }
    int p = start;
    for (int c = 0; ; c++) {
      byte[] member = members[c];
      System.arraycopy(member, 0, out, o, member.length);
      o += member.length;
      if (p < end && data[p] == quote) {
        int contentStart = p + 1;
        int i = contentStart;
        while (true) {
          int plain = copyPlain(data, i, end, out, o, quotes);
          i += plain;
          o += plain;
          if (i >= end) {
            return REFUSED; // unterminated quote
          }
          byte b = data[i];
          if (b == quote) {
            if (i + 1 < end && data[i + 1] == quote) {
              o = CsvRowJson.escape(b, out, o);
              i += 2;
              continue;
            }
            if (i - contentStart > maxFieldBytes) {
              return REFUSED;
            }
            p = i + 1;
            if (p < end && data[p] != delimiter) {
              return REFUSED; // bytes after the closing quote
            }
            break;
          }
          int next = copyCharacter(data, i, end, out, o);
          if (next == REFUSED) {
            return REFUSED;
          }
          i += b < 0 ? next - o : 1; // a UTF-8 sequence is copied as it is
          o = next;
        }
      } else {
        int i = p;
        while (true) {
          int plain = copyPlain(data, i, end, out, o, delimiters);
          i += plain;
          o += plain;
          if (i >= end) {
            break;
          }
          byte b = data[i];
          if (b == delimiter) {
            break;
          }
          int next = copyCharacter(data, i, end, out, o);
          if (next == REFUSED) {
            return REFUSED;
          }
          i += b < 0 ? next - o : 1;
          o = next;
        }
        if (i - p > maxFieldBytes) {
          return REFUSED;
        }
        p = i;
      }
      // p is at a delimiter or at the end
      if (p >= end) {
        if (c != columnCount - 1) {
          return REFUSED; // too few fields
        }
        out[o++] = '"';
        out[o++] = '}';
        return o;
      }
      if (c == columnCount - 1) {
        return REFUSED; // too many fields
      }
      p++;
    }
  }

  /**
   * Copies {@code data[i, end)} to {@code out[o]} eight bytes at a time up to the first byte that
   * needs attention (a control character, a byte outside ASCII, a double quote, a backslash, or a
   * byte of {@code stops}) and returns how many bytes come before it; the eight bytes holding it
   * may be written too ({@code out} has room). The tail of fewer than eight bytes is left.
   */
  private static int copyPlain(byte[] data, int i, int end, byte[] out, int o, long stops) {
    int from = i;
    for (; i <= end - 8; i += 8, o += 8) {
      long word = (long) LONGS.get(data, i);
      long special =
          ((word - SPACES)
                  | word
                  | CsvRecordDecoder.exactZeros(word ^ DOUBLE_QUOTES)
                  | CsvRecordDecoder.exactZeros(word ^ BACKSLASHES))
              | CsvRecordDecoder.exactZeros(word ^ stops);
      LONGS.set(out, o, word);
      if ((special & HIGHS) != 0) {
        return i - from + (Long.numberOfTrailingZeros(special & HIGHS) >>> 3);
      }
    }
    return i - from;
  }

  /**
   * Writes the character at {@code data[i]} as JSON string content at {@code out[o]}: an ASCII byte
   * escaped as Jackson does, a well-formed UTF-8 sequence as it is. Returns the index after it in
   * {@code out}, or {@link #REFUSED} when the bytes are not well-formed UTF-8.
   */
  private static int copyCharacter(byte[] data, int i, int end, byte[] out, int o) {
    byte b = data[i];
    if (b >= 0) {
      return CsvRowJson.escape(b, out, o);
    }
    int length = CsvRecordDecoder.utf8Sequence(data, i, end);
    if (length < 0) {
      return REFUSED;
    }
    System.arraycopy(data, i, out, o, length);
    return o + length;
  }
}
