package io.zoopipe.format.json;

import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.CountingInputStream;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Entry.RawRecord;
import io.zoopipe.common.report.TruncatedText;
import io.zoopipe.common.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Frames JSON Lines into batches without parsing them: the reader thread only looks for line
 * breaks, and {@link JsonLinesBatch#decode} parses on a worker thread. Owns the records (non-blank
 * lines) that start before {@code end}; a line starts at offset 0 or just after a {@code '\n'}. Not
 * thread-safe.
 *
 * <p>The stream it reads starts at {@code streamOffset}. In best-guess mode with a start above 0,
 * the stream starts one byte early, at {@code start - 1}, so that a line break just before {@code
 * start} is seen and a line starting exactly at {@code start} is owned: the first record is the one
 * after the first {@code '\n'} at or after {@code start - 1}. A JSON string cannot hold a raw line
 * break, so this guess is always right.
 */
final class JsonLinesReader implements RecordReader {
  private static final int INITIAL_BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final CountingInputStream counting;
  private final boolean compressed;
  private final long end;
  private final long expectedBytes;
  private final int maxRecordBytes;

  private byte[] buffer = new byte[INITIAL_BUFFER_BYTES];
  private long bufferOffset; // source offset of buffer[0]
  private int mark; // first byte kept when the buffer is refilled: the start of the current batch
  private int bufferStart; // first byte not yet framed: the start of the next line
  private int scan; // where the search for the next line break resumes
  private int bufferLimit; // end of the bytes read
  private boolean eof;
  private boolean done;
  private final long startOffset;
  private long endOffset = -1;
  private long position;

  /**
   * @param in the source's bytes from {@code streamOffset} (decompressed if {@code compressed});
   *     reads through {@code counting}
   * @param findLineStart whether to skip to the first line break (best-guess mode, start above 0)
   * @param end the offset of the first byte not in the range ({@code Long.MAX_VALUE} for all)
   */
  JsonLinesReader(
      InputStream in,
      CountingInputStream counting,
      boolean compressed,
      long streamOffset,
      boolean findLineStart,
      long end,
      long expectedBytes,
      int maxRecordBytes)
      throws IOException {
    this.in = in;
    this.counting = counting;
    this.compressed = compressed;
    this.bufferOffset = streamOffset;
    this.end = end;
    this.expectedBytes = expectedBytes;
    this.maxRecordBytes = maxRecordBytes;
    if (findLineStart) {
      skipPastLineBreak();
    }
    this.startOffset = bufferOffset + bufferStart;
  }

  @Override
  public List<String> columns() {
    return List.of();
  }

  @Override
  public @Nullable RawBatch next(int maxRecords) throws IOException {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
    }
    int capacity = Math.min(maxRecords, 1024);
    int[] starts = new int[capacity];
    int[] ends = new int[capacity];
    int count = 0;
    mark = bufferStart;
    scan = bufferStart;
    while (!done && count < maxRecords) {
      long lineOffset = bufferOffset + bufferStart;
      if (lineOffset >= end) {
        finish(lineOffset);
        break;
      }
      int lineBreak = indexOfLineBreak(scan, bufferLimit);
      int lineLength = (lineBreak < 0 ? bufferLimit : lineBreak) - bufferStart;
      if (lineLength > maxRecordBytes) {
        if (count > 0) {
          break; // hand over what is framed; the next call reports the long line on its own
        }
        return tooLong(lineOffset);
      }
      if (lineBreak < 0) {
        if (!eof) {
          scan = bufferLimit;
          fill();
          continue;
        }
        if (bufferStart == bufferLimit) {
          finish(compressed ? counting.count() : lineOffset);
          break;
        }
        lineBreak = bufferLimit; // the last line has no line break
      }
      int lineEnd = lineBreak;
      if (lineEnd > bufferStart && buffer[lineEnd - 1] == '\r') {
        lineEnd--;
      }
      if (!isBlank(bufferStart, lineEnd)) {
        if (count == starts.length) {
          int grown = (int) Math.min((long) maxRecords, 2L * count);
          starts = Arrays.copyOf(starts, grown);
          ends = Arrays.copyOf(ends, grown);
        }
        starts[count] = bufferStart - mark;
        ends[count] = lineEnd - mark;
        count++;
      }
      bufferStart = Math.min(lineBreak + 1, bufferLimit);
      scan = bufferStart;
    }
    if (count == 0) {
      return null;
    }
    byte[] data = Arrays.copyOfRange(buffer, mark, mark + ends[count - 1]);
    RawBatch batch = new JsonLinesBatch(data, starts, ends, count, bufferOffset + mark, position);
    position += count;
    return batch;
  }

  /**
   * A record longer than the limit is not buffered: it is skipped up to its line break and becomes
   * a failed entry with the start of its text.
   */
  private RawBatch tooLong(long lineOffset) throws IOException {
    int prefixLength = Math.min(TruncatedText.PREFIX_BYTES, bufferLimit - bufferStart);
    byte[] prefixBytes = Arrays.copyOfRange(buffer, bufferStart, bufferStart + prefixLength);
    long length = 0;
    while (true) {
      int lineBreak = indexOfLineBreak(bufferStart, bufferLimit);
      if (lineBreak >= 0) {
        length += lineBreak - bufferStart;
        bufferStart = lineBreak + 1;
        break;
      }
      length += bufferLimit - bufferStart;
      bufferStart = bufferLimit;
      mark = bufferStart; // nothing before here is kept
      if (eof) {
        break;
      }
      fill();
    }
    String message =
        "the record at byte offset "
            + lineOffset
            + " is "
            + length
            + " bytes long, more than the limit of "
            + maxRecordBytes;
    RawRecord raw =
        new RawRecord(
            Map.of(),
            TruncatedText.of(prefixBytes, 0, prefixLength, length, StandardCharsets.UTF_8));
    Entry entry = Entry.malformed(position, lineOffset, Violation.parse(message), () -> raw);
    position++;
    return new DecodedBatch(List.of(entry));
  }

  /** Skips to just after the first line break, or to the end of the input. */
  private void skipPastLineBreak() throws IOException {
    while (true) {
      fill();
      int lineBreak = indexOfLineBreak(bufferStart, bufferLimit);
      if (lineBreak >= 0) {
        bufferStart = lineBreak + 1;
        return;
      }
      bufferStart = bufferLimit;
      mark = bufferStart;
      if (eof) {
        return;
      }
    }
  }

  /**
   * Reads more bytes after {@code bufferLimit}. When the buffer is full, the bytes before {@code
   * mark} are dropped (indexes shift down), and the buffer doubles if the kept bytes fill more than
   * half of it.
   */
  private void fill() throws IOException {
    if (bufferLimit == buffer.length) {
      int kept = bufferLimit - mark;
      byte[] target = buffer;
      if (kept > buffer.length / 2) {
        if (buffer.length > Integer.MAX_VALUE / 2 - 16) {
          throw new IOException("a batch of JSON Lines does not fit in 1 GiB; use smaller batches");
        }
        target = new byte[buffer.length * 2];
      }
      System.arraycopy(buffer, mark, target, 0, kept);
      buffer = target;
      bufferOffset += mark;
      bufferStart -= mark;
      scan -= mark;
      bufferLimit = kept;
      mark = 0;
    }
    int n = in.read(buffer, bufferLimit, buffer.length - bufferLimit);
    if (n < 0) {
      eof = true;
    } else {
      bufferLimit += n;
    }
  }

  private int indexOfLineBreak(int from, int to) {
    byte[] bytes = buffer;
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private boolean isBlank(int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = buffer[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private void finish(long nextRecordOffset) {
    done = true;
    endOffset = nextRecordOffset;
  }

  @Override
  public long bytesRead() {
    return counting.count();
  }

  @Override
  public long expectedBytes() {
    return expectedBytes;
  }

  @Override
  public long startOffset() {
    return startOffset;
  }

  @Override
  public long endOffset() {
    if (!done) {
      throw new IllegalStateException("endOffset() is known only after next() returned null");
    }
    return endOffset;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
