package io.zoopipe.format.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a byte stream into CSV records without decoding them: it only looks for line breaks and
 * quotes, eight bytes at a time, so it runs at memory speed. Not thread-safe.
 *
 * <p>The rules, which every reader applies identically from any record boundary, so that where a
 * record ends never depends on how the stream was chunked:
 *
 * <ul>
 *   <li>a record ends at a line break outside quotes (a line feed, a CRLF, or a lone carriage
 *       return, as in Jackson CSV, Commons CSV and FastCSV), or at the end of the stream; a CRLF is
 *       one line break even when its two bytes arrive in different reads;
 *   <li>a quote opens a quoted field only as the first byte of a field (the record's first byte, or
 *       right after a delimiter); elsewhere it is an ordinary byte; inside a quoted field a doubled
 *       quote is a literal quote and a single quote closes the field;
 *   <li>a quoted field may be longer than {@code maxFieldBytes}: it is framed whole, so that the
 *       decoder reports it as one record with a field over the limit;
 *   <li>a quoted field that reaches the end of the stream within {@code maxRecordBytes} of its
 *       record's start is unterminated: the record is cut at the first line break after the opening
 *       quote and framing resumes there, so a stray quote near the end cannot swallow the records
 *       after it;
 *   <li>a record longer than {@code maxRecordBytes} is skipped to its real end, following its
 *       quotes (quoted line breaks and all), and framing resumes after it, never inside one of its
 *       quoted fields; if a quoted field of it is still open at the end of the stream, the record
 *       runs to the end of the stream (an unterminated quote).
 * </ul>
 *
 * A cut or skipped record is reported with a {@link #problem()} that gives its size, and at most
 * {@value #PROBLEM_TEXT_BYTES} bytes of its text. Memory is the read chunk, or the longest record
 * up to {@code maxRecordBytes}; a longer record is streamed past, never held.
 */
final class CsvFramer implements Closeable {
  static final int DEFAULT_CHUNK_BYTES = 1 << 20;
  static final int PROBLEM_TEXT_BYTES = 64 << 10;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LINE_FEEDS = ONES * '\n';
  private static final long CARRIAGE_RETURNS = ONES * '\r';

  private final InputStream in;
  private final byte delimiter;
  private final byte quote;
  private final long quotes;
  private final long delimiters;
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
  // Bytes of the last record, its line break excluded, even when only a prefix of it is kept.
  private long recordSize;
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
   * Moves to just after the next line break (a CRLF as one), ignoring quotes: the best guess at a
   * record boundary. Returns false if the stream ends first.
   */
  boolean skipPastLineBreak() throws IOException {
    while (true) {
      int lineBreak = indexOfLineBreak(next, limit);
      if (lineBreak >= 0) {
        next = afterLineBreak(lineBreak);
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
        int hit = indexOfLineBreakOrQuote(scan, scanEnd);
        if (hit < 0) {
          if (scanEnd == recordBound) {
            return skipLong(start, scan, -1);
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
        } else if (buffer[hit] == '\r') {
          if (hit + 1 >= limit && !eof) {
            // Whether a line feed follows, making this a CRLF, is in the next read.
            fillKeeping(start);
            scan = hit - start;
            start = 0;
            continue;
          }
          return emit(start, hit, hit + 1 < limit && buffer[hit + 1] == '\n' ? hit + 2 : hit + 1);
        } else {
          if (hit == start || buffer[hit - 1] == delimiter) {
            quoteAt = hit;
          }
          scan = hit + 1;
        }
      } else {
        int scanEnd = Math.min(limit, recordBound);
        int hit = closingQuote(scan, scanEnd);
        if (hit < 0) {
          long quoteOffset = base + quoteAt;
          if (scanEnd == recordBound) {
            return skipLong(start, scan, quoteAt);
          }
          if (eof) {
            return cut(
                start,
                quoteAt,
                size -> unterminated(quoteOffset, "not closed before the end of input", size));
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

  /**
   * Index in {@link #recordBytes()} just past the last record, its line break excluded; for a cut
   * record, just past the prefix kept of it.
   */
  int recordEnd() {
    return recordEnd;
  }

  /** Bytes of the last record, its line break excluded, including those a cut did not keep. */
  long recordSize() {
    return recordSize;
  }

  /** Source offset of the last record's first byte. */
  long recordOffset() {
    return recordOffset;
  }

  /** The read buffer's capacity in bytes: what framing holds, whatever the records' sizes. */
  int bufferBytes() {
    return buffer.length;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Whether the closing quote at {@code at} is followed by a delimiter, a line break or the end of
   * the input: what the decoder requires of a quoted field. When the bytes that tell are not read
   * yet, says no (the decoder then checks the record itself).
   */
  private boolean closesBeforeDelimiterOrEnd(int at) {
    int after = at + 1;
    if (after >= limit) {
      return eof;
    }
    byte b = buffer[after];
    return b == delimiter || b == '\n' || b == '\r';
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
    recordSize = (long) end - start;
    next = nextStart;
    return true;
  }

  private static String unterminated(long quoteOffset, String why, long size) {
    return "unterminated quote: the quoted field opened at byte "
        + quoteOffset
        + " is "
        + why
        + "; the record was cut at the first line break after the quote ("
        + size
        + " bytes)";
  }

  private String tooLong(long size) {
    return "a record of "
        + size
        + " bytes at byte "
        + recordOffset
        + " is longer than maxRecordBytes ("
        + maxRecordBytes
        + "); it was cut at its first line break";
  }

  /**
   * Skips a record that grew past {@code maxRecordBytes} to its real end (a line break outside
   * quotes, or the end of the input), following its quotes byte by byte from {@code resume}, where
   * the state is known: inside the quoted field opened at {@code quoteAt}, or outside quotes when
   * {@code quoteAt} is -1. Keeps at most {@link #PROBLEM_TEXT_BYTES} of its text and counts the
   * rest, never holding it, so memory stays the buffer; framing resumes after the record, never
   * inside one of its quoted fields.
   */
  private boolean skipLong(int start, int resume, int quoteAt) throws IOException {
    byte[] text = new byte[Math.min(PROBLEM_TEXT_BYTES, Math.max(0, limit - start))];
    int length = 0;
    long size = 0;
    int from = start;
    boolean inQuote = quoteAt >= 0;
    boolean pendingQuote = false; // inside quotes, a quote whose next byte tells if it closes
    boolean fieldStart = !inQuote && (resume == start || buffer[resume - 1] == delimiter);
    long openQuote = inQuote ? base + quoteAt : -1;
    long quoteWithLineBreak = -1; // the first quoted field seen to hold a line break

    int i = resume;
    while (true) {
      int end = -1;
      for (; i < limit; i++) {
        byte b = buffer[i];
        if (inQuote) {
          if (!pendingQuote) {
            pendingQuote = b == quote;
            if (quoteWithLineBreak < 0 && (b == '\n' || b == '\r')) {
              quoteWithLineBreak = openQuote;
            }
            continue;
          }
          pendingQuote = false;
          if (b == quote) {
            continue; // a doubled quote
          }
          inQuote = false; // the quote before closed the field; b is outside it
        } else if (b == quote && fieldStart) {
          inQuote = true;
          openQuote = base + i;
          fieldStart = false;
          continue;
        }
        if (b == '\n' || b == '\r') {
          end = i;
          break;
        }
        fieldStart = b == delimiter;
      }
      int segmentEnd = end >= 0 ? end : limit;
      int copied = Math.min(segmentEnd - from, PROBLEM_TEXT_BYTES - length);
      if (copied > 0) {
        if (length + copied > text.length) {
          text = Arrays.copyOf(text, Math.min(PROBLEM_TEXT_BYTES, length + copied + chunkBytes));
        }
        System.arraycopy(buffer, from, text, length, copied);
        length += copied;
      }
      size += segmentEnd - from;
      if (end >= 0) {
        next = afterLineBreak(end);
        break;
      }
      if (!fillKeeping(limit)) {
        next = limit;
        break;
      }
      from = 0;
      i = 0;
    }
    boolean unterminated = inQuote && !pendingQuote; // a last quote closes at the end of input
    problem =
        unterminated
            ? "unterminated quote from byte "
                + openQuote
                + " to end of input: the record at byte "
                + recordOffset
                + " has "
                + size
                + " bytes, more than maxRecordBytes ("
                + maxRecordBytes
                + ")"
            : quoteWithLineBreak >= 0
                ? "a record of "
                    + size
                    + " bytes at byte "
                    + recordOffset
                    + " is longer than maxRecordBytes ("
                    + maxRecordBytes
                    + "); its quoted field opened at byte "
                    + quoteWithLineBreak
                    + " has line breaks inside, and reading resumed after the record's end"
                : tooLong(size);
    recordFields = -1;
    recordBytes = text;
    recordStart = 0;
    recordEnd = length;
    recordSize = size;
    return true;
  }

  /**
   * Ends a broken record at the first line break after {@code anchor}, keeping at most {@link
   * #PROBLEM_TEXT_BYTES} of its text, and resumes framing after that line break. The bytes past the
   * prefix are streamed over, never held: memory stays the buffer, whatever the record's size.
   *
   * @param reason the problem, given the record's size in bytes
   */
  private boolean cut(int start, int anchor, LongFunction<String> reason) throws IOException {
    byte[] text = new byte[Math.min(PROBLEM_TEXT_BYTES, Math.max(0, limit - start))];
    int length = 0;
    long size = 0;
    int from = start;
    int lineBreak = indexOfLineBreak(anchor + 1, limit);
    while (true) {
      int end = lineBreak >= 0 ? lineBreak : limit;
      int copied = Math.min(end - from, PROBLEM_TEXT_BYTES - length);
      if (copied > 0) {
        if (length + copied > text.length) {
          text = Arrays.copyOf(text, Math.min(PROBLEM_TEXT_BYTES, length + copied + chunkBytes));
        }
        System.arraycopy(buffer, from, text, length, copied);
        length += copied;
      }
      size += end - from;
      if (lineBreak >= 0) {
        next = afterLineBreak(lineBreak);
        break;
      }
      if (!fillKeeping(limit)) {
        next = limit;
        break;
      }
      from = 0;
      lineBreak = indexOfLineBreak(0, limit);
    }
    problem = reason.apply(size);
    recordFields = -1;
    recordBytes = text;
    recordStart = 0;
    recordEnd = length;
    recordSize = size;
    return true;
  }

  /**
   * Index just past the line break at {@code at}, a CRLF as one; reads on to see the byte after a
   * carriage return at the buffer's end, which then moves to index 0.
   */
  private int afterLineBreak(int at) throws IOException {
    if (buffer[at] == '\n') {
      return at + 1;
    }
    if (at + 1 >= limit) {
      if (eof || !fillKeeping(at)) {
        return limit;
      }
      at = 0;
    }
    return at + 1 < limit && buffer[at + 1] == '\n' ? at + 2 : at + 1;
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

  /** Index of the first line feed or carriage return in {@code [from, to)}, or -1. */
  private int indexOfLineBreak(int from, int to) {
    byte[] bytes = buffer;
    int i = from;
    for (; i <= to - 8; i += 8) {
      long word = (long) LONGS.get(bytes, i);
      long lineFeeds = word ^ LINE_FEEDS;
      long returns = word ^ CARRIAGE_RETURNS;
      long found = (((lineFeeds - ONES) & ~lineFeeds) | ((returns - ONES) & ~returns)) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
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
   * Index of the first line feed, carriage return or quote in {@code [from, to)}, or -1; adds the
   * delimiters before it (or in the whole range) to {@link #delimiterCount}.
   */
  private int indexOfLineBreakOrQuote(int from, int to) {
    byte[] bytes = buffer;
    long quotePattern = quotes;
    long delimiterPattern = delimiters;
    int count = 0;
    int i = from;
    for (; i <= to - 8; i += 8) {
      long word = (long) LONGS.get(bytes, i);
      long lineFeeds = word ^ LINE_FEEDS;
      long returns = word ^ CARRIAGE_RETURNS;
      long quoteBytes = word ^ quotePattern;
      long found =
          (((lineFeeds - ONES) & ~lineFeeds)
                  | ((returns - ONES) & ~returns)
                  | ((quoteBytes - ONES) & ~quoteBytes))
              & HIGHS;
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
      if (b == '\n' || b == '\r' || b == quote) {
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
