package io.zoopipe.format.csv;

import io.zoopipe.common.adapter.CharsetCheck;
import io.zoopipe.common.validation.Violation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits framed records into fields and builds strings only for the wanted ones. Pure-ASCII fields
 * take the fast ISO-8859-1 string constructor; others are decoded in the charset, strictly or with
 * replacement. A value over {@code maxFieldBytes} is kept as a bounded prefix ({@link
 * OverLimitText}). Field problems are collected as {@link Violation}s, never thrown. One instance
 * per thread: it keeps scratch space and a charset decoder.
 */
final class CsvRecordDecoder {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
  static final int MALFORMED = -1;
  static final int BMP = 0;
  static final int SUPPLEMENTARY = 1;

  private final CsvColumns columns;
  private final byte delimiter;
  private final byte quote;
  private final long delimiters;
  private final long quotes;
  private final int maxFieldBytes;
  private final Charset charset;
  private final boolean latin1;
  private final boolean utf8;
  private final boolean strict;
  private @Nullable CharsetDecoder decoder;
  private byte[] scratch = new byte[64];
  private @Nullable List<Violation> violations;
  private @Nullable CsvRawFields rawFields;
  // Whether the last string built had a character outside the BMP.
  private boolean supplementary;
  private int rawBase;

  /**
   * @param strict whether bytes invalid in the charset are violations (else they are replaced)
   */
  CsvRecordDecoder(CsvColumns columns, CsvOptions options, boolean strict) {
    this.columns = columns;
    this.delimiter = (byte) options.delimiter();
    this.quote = (byte) options.quote();
    this.delimiters = ONES * (delimiter & 0xFF);
    this.quotes = ONES * (quote & 0xFF);
    this.maxFieldBytes = options.maxFieldBytes();
    this.charset = options.charset();
    this.latin1 = charset.equals(StandardCharsets.ISO_8859_1);
    this.utf8 = charset.equals(StandardCharsets.UTF_8);
    this.strict = strict;
  }

  /**
   * Makes the following splits record where each wanted value's bytes are, in {@code fields} at the
   * row {@code base}; null stops recording.
   */
  void recordFieldsIn(@Nullable CsvRawFields fields, int base) {
    this.rawFields = fields;
    this.rawBase = base;
  }

  /** Problems found in the last record split, or null when there were none. */
  @Nullable List<Violation> violations() {
    return violations;
  }

  /**
   * Splits the record {@code data[start, end)} (line feed excluded; a trailing CR is dropped).
   * Stores the value of field {@code i} in {@code values[i]} when {@code i < values.length} and
   * {@code wanted[i]}, and returns the number of fields.
   *
   * @param offset source offset of the record, for messages
   */
  int split(
      byte[] data, int start, int end, long offset, @Nullable Object[] values, boolean[] wanted) {
    return split(data, start, end, offset, values, wanted, Integer.MAX_VALUE, -1);
  }

  /**
   * As {@link #split(byte[], int, int, long, Object[], boolean[])}, where no field after {@code
   * lastWanted} is wanted: past it, fields are only counted, eight bytes at a time, unless one of
   * them could be malformed (then they are split as usual, to report it). When the framer counted
   * the record's fields ({@code knownFields} >= 0, see {@link CsvFramer#recordFields}), that count
   * stands, unless the rest of the record is long enough to hold a field over {@code
   * maxFieldBytes}.
   */
  int split(
      byte[] data,
      int start,
      int end,
      long offset,
      @Nullable Object[] values,
      boolean[] wanted,
      int lastWanted,
      int knownFields) {
    violations = null;
    int countFrom = lastWanted;
    if (end > start && data[end - 1] == '\r') {
      end--;
    }
    int field = 0;
    int p = start;
    while (true) {
      boolean want = field < values.length && wanted[field];
      if (p < end && data[p] == quote) {
        p = quotedField(data, p, end, offset - start, field, want ? values : null);
      } else {
        int delimiterAt = indexOfDelimiter(data, p, end);
        boolean over = delimiterAt - p > maxFieldBytes;
        if (over) {
          tooLong(field, delimiterAt - p, offset + (p - start));
        }
        if (want) {
          values[field] =
              over
                  ? overLimit(data, p, delimiterAt - p)
                  : string(data, p, delimiterAt - p, field, offset + (p - start));
          if (rawFields != null) {
            rawFields.set(rawBase, field, p, delimiterAt, false, supplementary);
          }
        }
        p = delimiterAt;
      }
      field++;
      if (p >= end) {
        return field;
      }
      p++;
      if (field > countFrom) {
        int total =
            knownFields >= 0 && end - p <= maxFieldBytes
                ? knownFields
                : countFields(data, p, end, field);
        if (total >= 0) {
          return total;
        }
        countFrom = Integer.MAX_VALUE; // something to report: split the rest
      }
    }
  }

  /**
   * The number of fields of a record whose field {@code field} starts at {@code p}, counting
   * delimiters outside quoted fields eight bytes at a time; or -1 when a field from {@code p} on
   * might be malformed or too long (an unterminated quote, bytes after a closing quote), which only
   * {@link #split} reports.
   */
  private int countFields(byte[] data, int p, int end, int field) {
    if (end - p > maxFieldBytes) {
      return -1;
    }
    int count = field; // fields that end before p
    while (true) {
      if (p < end && data[p] == quote) {
        int close = -1;
        int q = p + 1;
        while (q < end) {
          q = indexOf(quotes, quote, data, q, end);
          if (q >= end) {
            break;
          }
          if (q + 1 < end && data[q + 1] == quote) {
            q += 2;
            continue;
          }
          close = q;
          break;
        }
        if (close < 0) {
          return -1;
        }
        int after = close + 1;
        if (after >= end) {
          return count + 1;
        }
        if (data[after] != delimiter) {
          return -1;
        }
        count++;
        p = after + 1;
        continue;
      }
      // Unquoted fields: a quote opens a quoted field only right after a delimiter.
      int quotedAt = -1;
      boolean fieldStart = true;
      int i = p;
      for (; i <= end - 8; i += 8) {
        long word = (long) LONGS.get(data, i);
        long delimiterBytes = exactZeros(word ^ delimiters);
        long starts = (delimiterBytes << 8) | (fieldStart ? 0x80L : 0L);
        long quoteStarts = exactZeros(word ^ quotes) & starts;
        if (quoteStarts != 0) {
          int at = Long.numberOfTrailingZeros(quoteStarts); // the bit 7 of the quote's byte
          count += Long.bitCount(delimiterBytes & ((1L << at) - 1));
          quotedAt = i + (at >>> 3);
          break;
        }
        count += Long.bitCount(delimiterBytes);
        fieldStart = delimiterBytes < 0; // the word's last byte is a delimiter
      }
      if (quotedAt < 0) {
        for (; i < end; i++) {
          byte b = data[i];
          if (fieldStart && b == quote) {
            quotedAt = i;
            break;
          }
          fieldStart = b == delimiter;
          if (fieldStart) {
            count++;
          }
        }
      }
      if (quotedAt < 0) {
        return count + 1;
      }
      p = quotedAt;
    }
  }

  /**
   * Bit 7 of each byte of {@code x} that is zero, exactly (no false positives); {@code word ^ ONES
   * * b} thus marks the bytes equal to {@code b}. Shared by the CSV scanners of this package.
   */
  static long exactZeros(long x) {
    return ~(((x & LOWS) + LOWS) | x | LOWS);
  }

  /** Every field of a record, for a header or a first record; violations as for {@link #split}. */
  List<String> fields(byte[] data, int start, int end, long offset) {
    int count = split(data, start, end, offset, new Object[0], new boolean[0]);
    Object[] values = new Object[count];
    boolean[] all = new boolean[count];
    Arrays.fill(all, true);
    split(data, start, end, offset, values, all);
    List<String> fields = new ArrayList<>(count);
    for (Object value : values) {
      fields.add((String) value);
    }
    return fields;
  }

  /** Parses the quoted field whose quote is at {@code p}; returns the index after it. */
  private int quotedField(
      byte[] data, int p, int end, long delta, int field, @Nullable Object @Nullable [] values) {
    int contentStart = p + 1;
    int q = contentStart;
    boolean doubled = false;
    int close = -1;
    while (q < end) {
      q = indexOf(quotes, quote, data, q, end);
      if (q >= end) {
        break;
      }
      if (q + 1 < end && data[q + 1] == quote) {
        doubled = true;
        q += 2;
        continue;
      }
      close = q;
      break;
    }
    int contentEnd = close < 0 ? end : close;
    if (close < 0) {
      add(field, "unterminated quote opened at byte " + (delta + p));
    }
    boolean over = contentEnd - contentStart > maxFieldBytes;
    if (over) {
      tooLong(field, contentEnd - contentStart, delta + contentStart);
    }
    if (values != null) {
      values[field] =
          over
              ? overLimit(data, contentStart, contentEnd - contentStart)
              : doubled
                  ? unescaped(data, contentStart, contentEnd, field, delta + contentStart)
                  : string(
                      data, contentStart, contentEnd - contentStart, field, delta + contentStart);
      if (rawFields != null) {
        rawFields.set(rawBase, field, contentStart, contentEnd, doubled, supplementary);
      }
    }
    int after = close < 0 ? end : close + 1;
    if (after < end && data[after] != delimiter) {
      add(
          field,
          "unexpected '"
              + describe(data[after])
              + "' after the closing quote at byte "
              + (delta + after - 1)
              + " (a field that starts with a quote must end with one)");
      after = indexOfDelimiter(data, after, end);
    }
    return after;
  }

  private String unescaped(byte[] data, int start, int end, int field, long offset) {
    if (scratch.length < end - start) {
      scratch = new byte[Math.max(end - start, 2 * scratch.length)];
    }
    int length = 0;
    int i = start;
    while (i < end) {
      int at = indexOf(quotes, quote, data, i, end);
      System.arraycopy(data, i, scratch, length, at - i);
      length += at - i;
      if (at >= end) {
        break;
      }
      scratch[length++] = quote;
      i = at + 2; // past the second quote of a doubled pair
    }
    return string(scratch, 0, length, field, offset);
  }

  private String string(byte[] data, int start, int length, int field, long offset) {
    supplementary = false;
    if (latin1 || isAscii(data, start, length)) {
      return new String(data, start, length, StandardCharsets.ISO_8859_1);
    }
    if (!strict) {
      return new String(data, start, length, charset);
    }
    if (utf8) {
      // The JDK's own UTF-8 string constructor is far faster than a CharsetDecoder; it replaces
      // what is malformed, so check well-formedness first.
      int kind = utf8Kind(data, start, start + length);
      supplementary = kind == SUPPLEMENTARY;
      if (kind == MALFORMED) {
        add(field, "bytes invalid in " + charset.name() + " in the field at byte " + offset);
      }
      return new String(data, start, length, StandardCharsets.UTF_8);
    }
    CharsetDecoder strictDecoder = decoder;
    if (strictDecoder == null) {
      strictDecoder =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      decoder = strictDecoder;
    }
    try {
      return strictDecoder.decode(ByteBuffer.wrap(data, start, length)).toString();
    } catch (CharacterCodingException e) {
      add(field, "bytes invalid in " + charset.name() + " in the field at byte " + offset);
      return new String(data, start, length, charset);
    }
  }

  /** A value over maxFieldBytes: only its first bytes and a marker, never the whole of it. */
  private String overLimit(byte[] data, int start, int length) {
    supplementary = false;
    return OverLimitText.of(data, start, length, charset, OverLimitText.VALUE_PREFIX_BYTES, length);
  }

  private void tooLong(int field, int length, long offset) {
    add(
        field,
        "field of "
            + length
            + " bytes at byte "
            + offset
            + " is longer than maxFieldBytes ("
            + maxFieldBytes
            + ")");
  }

  private void add(int field, String message) {
    if (violations == null) {
      violations = new ArrayList<>(2);
    }
    String name = field < columns.size() ? columns.name(field) : "field " + (field + 1);
    violations.add(new Violation(name, message, Violation.PARSE));
  }

  private int indexOfDelimiter(byte[] data, int from, int to) {
    return indexOf(delimiters, delimiter, data, from, to);
  }

  /** Index of the first byte equal to {@code b} in {@code data[from, to)}, or {@code to}. */
  static int indexOf(long pattern, byte b, byte[] data, int from, int to) {
    int i = from;
    for (; i <= to - 8; i += 8) {
      long word = (long) LONGS.get(data, i) ^ pattern;
      long found = (word - ONES) & ~word & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return to;
  }

  /**
   * Whether {@code data[start, end)} is well-formed UTF-8 (Unicode Table 3-7): exactly what a
   * strict UTF-8 {@link CharsetDecoder} accepts. No overlong forms, surrogates, code points past
   * U+10FFFF, stray continuation bytes or truncated sequences.
   */
  static boolean isWellFormedUtf8(byte[] data, int start, int end) {
    return utf8Kind(data, start, end) != MALFORMED;
  }

  /**
   * {@link #MALFORMED} unless {@code data[start, end)} is well-formed UTF-8; then {@link
   * #SUPPLEMENTARY} if it has a four-byte sequence (a character outside the BMP), else {@link
   * #BMP}.
   */
  static int utf8Kind(byte[] data, int start, int end) {
    int kind = BMP;
    int i = start;
    while (i < end) {
      if (data[i] >= 0) {
        i++;
        continue;
      }
      int length = utf8Sequence(data, i, end);
      if (length < 0) {
        return MALFORMED;
      }
      if (length == 4) {
        kind = SUPPLEMENTARY;
      }
      i += length;
    }
    return kind;
  }

  /** See {@link CharsetCheck#utf8Sequence}. */
  static int utf8Sequence(byte[] data, int i, int end) {
    return CharsetCheck.utf8Sequence(data, i, end);
  }

  private static boolean isAscii(byte[] data, int start, int length) {
    return CharsetCheck.isAscii(data, start, start + length);
  }

  private static String describe(byte b) {
    return b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF);
  }
}
