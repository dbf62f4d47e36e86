package io.zoopipe.format.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a byte stream into CSV records without decoding them: it only looks for line feeds and
 * quotes, eight bytes at a time, so it runs at memory speed. Not thread-safe.
 *
 * <p>The rules, which every reader applies identically from any record boundary, so that where a
 * record ends never depends on how the stream was chunked:
 *
 * <ul>
 *   <li>a record ends at a line feed outside quotes, or at the end of the stream;
 *   <li>a quote opens a quoted field only as the first byte of a field (the record's first byte, or
 *       right after a delimiter); elsewhere it is an ordinary byte; inside a quoted field a doubled
 *       quote is a literal quote and a single quote closes the field;
 *   <li>a quoted field whose closing quote is not within {@code maxFieldBytes} bytes of content, or
 *       that reaches the end of the stream, is unterminated: the record is cut at the first line
 *       feed after the opening quote and framing resumes there, so one stray quote cannot swallow
 *       the rest of the file;
 *   <li>a record longer than {@code maxRecordBytes} is cut at the first line feed after its start.
 * </ul>
 *
 * A cut record is reported with a {@link #problem()} and at most {@value #PROBLEM_TEXT_BYTES} bytes
 * of its text. Memory is the read chunk, or the longest record up to {@code maxRecordBytes}.
 */
final class CsvFramer implements Closeable {
  static final int DEFAULT_CHUNK_BYTES = 1 << 20;
  static final int PROBLEM_TEXT_BYTES = 64 << 10;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LINE_FEEDS = ONES * '\n';

  private final InputStream in;
  private final byte delimiter;
  private final byte quote;
  private final long quotes;
  private final long delimiters;
  private final int maxFieldBytes;
  private final int maxRecordBytes;
  private final int chunkBytes;
  private final int maxBufferBytes;

  private byte[] buffer;
  private int limit;
  private long base;
  private boolean eof;
  private int next;

  private byte[] recordBytes;
  private int recordStart;
  private int recordEnd;
  private long recordOffset;
  private @Nullable String problem;
  // Delimiters seen outside quoted fields in the record being framed, and whether every quoted
  // field of it closed right before a delimiter or the record's end (else -1 fields: unknown).
  private int delimiterCount;
  private boolean regular;
  private int recordFields;

  /**
   * @param in the stream, positioned at source offset {@code offset}; closed by {@link #close()}
   */
  CsvFramer(InputStream in, long offset, CsvOptions options, int chunkBytes) {
    this.in = in;
    this.base = offset;
    this.delimiter = (byte) options.delimiter();
    this.quote = (byte) options.quote();
    this.quotes = ONES * (quote & 0xFF);
    this.delimiters = ONES * (delimiter & 0xFF);
    this.maxFieldBytes = options.maxFieldBytes();
    this.maxRecordBytes = options.maxRecordBytes();
    this.chunkBytes = chunkBytes;
    // A record in progress needs its maxRecordBytes + 1 bytes, and one more to see a doubled quote.
    this.maxBufferBytes = Math.max(chunkBytes, maxRecordBytes + 2);
    this.buffer = new byte[chunkBytes];
    this.recordBytes = buffer;
  }

  /** Source offset of the next byte to frame; the source size once {@link #next} returned false. */
  long position() {
    return base + next;
  }

  /** Skips a UTF-8 byte order mark at the current position. */
  void skipByteOrderMark() throws IOException {
    while (limit - next < 3 && !eof) {
      fillKeeping(next);
    }
    if (limit - next >= 3
        && buffer[next] == (byte) 0xEF
        && buffer[next + 1] == (byte) 0xBB
        && buffer[next + 2] == (byte) 0xBF) {
      next += 3;
    }
  }

  /**
   * Moves to just after the next line feed, ignoring quotes: the best guess at a record boundary.
   * Returns false if the stream ends first.
   */
  boolean skipPastLineFeed() throws IOException {
    while (true) {
      int lineFeed = indexOfLineFeed(next, limit);
      if (lineFeed >= 0) {
        next = lineFeed + 1;
        return true;
      }
      next = limit;
      if (eof || !fillKeeping(next)) {
        return false;
      }
    }
  }

  /**
   * Frames the next record. Returns false at the end of the stream. The record's bytes are valid
   * until the next call.
   */
  boolean next() throws IOException {
    problem = null;
    int start = next;
    if (start >= limit) {
      if (!fillKeeping(start)) {
        return false;
      }
      start = 0;
    }
    recordOffset = base + start;
    delimiterCount = 0;
    regular = true;
    int scan = start;
    int quoteAt = -1; // where the open quoted field began, -1 outside quotes
    while (true) {
      int recordBound = start + maxRecordBytes + 1;
      if (quoteAt < 0) {
        int scanEnd = Math.min(limit, recordBound);
        int hit = indexOfLineFeedOrQuote(scan, scanEnd);
        if (hit < 0) {
          if (scanEnd == recordBound) {
            return cut(
                start, start, "a record longer than maxRecordBytes (" + maxRecordBytes + ")");
          }
          if (eof) {
            return emit(start, limit, limit);
          }
          // [scan, scanEnd) has no line feed or quote, and its delimiters are counted.
          scan = scanEnd;
          fillKeeping(start);
          scan -= start;
          start = 0;
        } else if (buffer[hit] == '\n') {
          return emit(start, hit, hit + 1);
        } else {
          if (hit == start || buffer[hit - 1] == delimiter) {
            quoteAt = hit;
          }
          scan = hit + 1;
        }
      } else {
        int fieldBound = quoteAt + maxFieldBytes + 2;
        int scanEnd = Math.min(limit, Math.min(fieldBound, recordBound));
        int hit = closingQuote(scan, scanEnd);
        if (hit < 0) {
          if (scanEnd == fieldBound) {
            return cut(start, quoteAt, unterminated(quoteAt, "not closed within maxFieldBytes"));
          }
          if (scanEnd == recordBound) {
            return cut(
                start, start, "a record longer than maxRecordBytes (" + maxRecordBytes + ")");
          }
          if (eof) {
            return cut(start, quoteAt, unterminated(quoteAt, "not closed before the end of input"));
          }
          fillKeeping(start);
          scan -= start;
          quoteAt -= start;
          start = 0;
        } else if (hit + 1 >= limit && !eof) {
          // Whether this quote closes the field depends on the next byte, not read yet.
          fillKeeping(start);
          scan = hit - start;
          quoteAt -= start;
          start = 0;
        } else {
          quoteAt = -1;
          scan = hit + 1;
          regular = regular && closesBeforeDelimiterOrEnd(hit);
        }
      }
    }
  }

  /** Problem of the last record framed, or null when it was framed normally. */
  @Nullable String problem() {
    return problem;
  }

  /** Bytes holding the last record; valid until the next call. */
  byte[] recordBytes() {
    return recordBytes;
  }

  /** Index in {@link #recordBytes()} of the last record's first byte. */
  int recordStart() {
    return recordStart;
  }

  /** Index in {@link #recordBytes()} just past the last record, its line feed excluded. */
  int recordEnd() {
    return recordEnd;
  }

  /** Source offset of the last record's first byte. */
  long recordOffset() {
    return recordOffset;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Whether the closing quote at {@code at} is followed by a delimiter, a line feed, the end of the
   * input, or a carriage return that ends the record: what the decoder requires of a quoted field.
   * When the bytes that tell are not read yet, says no (the decoder then checks the record itself).
   */
  private boolean closesBeforeDelimiterOrEnd(int at) {
    int after = at + 1;
    if (after >= limit) {
      return eof;
    }
    byte b = buffer[after];
    if (b == delimiter || b == '\n') {
      return true;
    }
    if (b != '\r') {
      return false;
    }
    return after + 1 < limit ? buffer[after + 1] == '\n' : eof;
  }

  /**
   * The number of fields of the last record, counted while framing it (delimiters outside quoted
   * fields, plus one), or -1 when it was cut or a quoted field of it is followed by something else
   * than a delimiter or its end: then only splitting it tells, and says what is wrong.
   */
  int recordFields() {
    return recordFields;
  }

  private boolean emit(int start, int end, int nextStart) {
    recordFields = problem == null && regular ? delimiterCount + 1 : -1;
    recordBytes = buffer;
    recordStart = start;
    recordEnd = end;
    next = nextStart;
    return true;
  }

  private String unterminated(int quoteAt, String why) {
    return "unterminated quote: the quoted field opened at byte "
        + (base + quoteAt)
        + " is "
        + why
        + "; the record was cut at the first line feed after the quote";
  }

  /**
   * Ends a broken record at the first line feed after {@code anchor}, keeping at most {@link
   * #PROBLEM_TEXT_BYTES} of its text, and resumes framing after that line feed.
   */
  private boolean cut(int start, int anchor, String reason) throws IOException {
    problem = reason;
    recordFields = -1;
    int lineFeed = indexOfLineFeed(anchor + 1, limit);
    if (lineFeed >= 0 || eof) {
      int end = lineFeed >= 0 ? lineFeed : limit;
      emit(start, Math.min(end, start + PROBLEM_TEXT_BYTES), lineFeed >= 0 ? lineFeed + 1 : limit);
      return true;
    }
    // The line feed is beyond the buffer: keep the text's first bytes and discard the rest.
    byte[] text = new byte[PROBLEM_TEXT_BYTES];
    int length = 0;
    int from = start;
    while (true) {
      int end = lineFeed >= 0 ? lineFeed : limit;
      int copied = Math.min(end - from, PROBLEM_TEXT_BYTES - length);
      System.arraycopy(buffer, from, text, length, copied);
      length += copied;
      if (lineFeed >= 0) {
        next = lineFeed + 1;
        break;
      }
      if (!fillKeeping(limit)) {
        next = limit;
        break;
      }
      from = 0;
      lineFeed = indexOfLineFeed(0, limit);
    }
    recordBytes = text;
    recordStart = 0;
    recordEnd = length;
    return true;
  }

  /**
   * Discards the bytes before {@code keepFrom} (indices shift down by {@code keepFrom}), grows the
   * buffer if a long record fills it, and reads more. Returns false at the end of the stream.
   */
  private boolean fillKeeping(int keepFrom) throws IOException {
    if (eof) {
      return false;
    }
    if (keepFrom > 0) {
      System.arraycopy(buffer, keepFrom, buffer, 0, limit - keepFrom);
      limit -= keepFrom;
      base += keepFrom;
      next = Math.max(0, next - keepFrom);
    }
    if (buffer.length - limit < chunkBytes / 2 && buffer.length < maxBufferBytes) {
      int grown = (int) Math.min(maxBufferBytes, Math.max(2L * buffer.length, limit + chunkBytes));
      buffer = Arrays.copyOf(buffer, grown);
    }
    if (limit == buffer.length) {
      throw new IllegalStateException("CSV framer buffer full at " + limit + " bytes");
    }
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      eof = true;
      return false;
    }
    limit += read;
    return true;
  }

  private int indexOfLineFeed(int from, int to) {
    return indexOf(LINE_FEEDS, (byte) '\n', from, to);
  }

  /** Index of the first byte equal to {@code b} in {@code [from, to)}, or -1. */
  private int indexOf(long pattern, byte b, int from, int to) {
    byte[] bytes = buffer;
    int i = from;
    for (; i <= to - 8; i += 8) {
      long word = (long) LONGS.get(bytes, i) ^ pattern;
      long found = (word - ONES) & ~word & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * In a quoted field: the index of the first quote in {@code [from, to)} that is not the first of
   * a doubled quote (a closing quote, or one whose next byte is not read yet), or -1. Doubled
   * quotes are skipped eight bytes at a time, without returning to {@link #next}'s state machine;
   * on -1, scanning again from {@code from} finds the same quotes.
   */
  private int closingQuote(int from, int to) {
    byte[] bytes = buffer;
    int i = from;
    while (i <= to - 8) {
      long matches = CsvRecordDecoder.exactZeros((long) LONGS.get(bytes, i) ^ quotes);
      int next = i + 8;
      while (matches != 0) {
        int j = Long.numberOfTrailingZeros(matches) >>> 3;
        int at = i + j;
        if (at + 1 >= limit || bytes[at + 1] != quote) {
          return at;
        }
        if (j == 7) {
          next = at + 2; // the pair's second quote is the next word's first byte
          break;
        }
        matches &= ~(0xFFFFL << (8 * j)); // both quotes of the pair
      }
      i = next;
    }
    for (; i < to; i++) {
      if (bytes[i] == quote) {
        if (i + 1 >= limit || bytes[i + 1] != quote) {
          return i;
        }
        i++;
      }
    }
    return -1;
  }

  /**
   * Index of the first line feed or quote in {@code [from, to)}, or -1; adds the delimiters before
   * it (or in the whole range) to {@link #delimiterCount}.
   */
  private int indexOfLineFeedOrQuote(int from, int to) {
    byte[] bytes = buffer;
    long quotePattern = quotes;
    long delimiterPattern = delimiters;
    int count = 0;
    int i = from;
    for (; i <= to - 8; i += 8) {
      long word = (long) LONGS.get(bytes, i);
      long lineFeeds = word ^ LINE_FEEDS;
      long quoteBytes = word ^ quotePattern;
      long found =
          (((lineFeeds - ONES) & ~lineFeeds) | ((quoteBytes - ONES) & ~quoteBytes)) & HIGHS;
      long delimiterBytes = CsvRecordDecoder.exactZeros(word ^ delimiterPattern);
      if (found != 0) {
        // The lowest bit found is exact: count the delimiters below it.
        count += Long.bitCount(delimiterBytes & ((found & -found) - 1));
        delimiterCount += count;
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
      count += Long.bitCount(delimiterBytes);
    }
    for (; i < to; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == quote) {
        delimiterCount += count;
        return i;
      }
      if (b == delimiter) {
        count++;
      }
    }
    delimiterCount += count;
    return -1;
  }
}
