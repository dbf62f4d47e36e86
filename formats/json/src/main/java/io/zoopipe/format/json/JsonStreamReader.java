package io.zoopipe.format.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.CountingInputStream;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Entry.RawRecord;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a top-level array, element by element, or concatenated values, value by value, with one
 * streaming Jackson parser. Such input cannot be framed without parsing it, so the reader thread
 * decodes and hands over {@link DecodedBatch}es. The reader holds no records between calls: its
 * memory is the parser's buffer plus the batch being built. Not thread-safe.
 *
 * <p>A value that is not an object becomes a failed entry and reading goes on. Invalid JSON cannot
 * be skipped reliably, so it fails the read with a {@link PipelineException} of kind {@link
 * ErrorKind#INVALID_INPUT} that gives its byte offset.
 */
final class JsonStreamReader implements RecordReader {
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final String source;
  private final InputStream in;
  private final CountingInputStream counting;
  private final JsonParser parser;
  private final boolean array;
  private final long skippedBytes; // leading whitespace and byte-order mark Jackson did not see
  private final long expectedBytes;
  private long position;
  private boolean done;
  private long endOffset = -1;

  private JsonStreamReader(
      String source,
      InputStream in,
      CountingInputStream counting,
      JsonParser parser,
      boolean array,
      long skippedBytes,
      long expectedBytes) {
    this.source = source;
    this.in = in;
    this.counting = counting;
    this.parser = parser;
    this.array = array;
    this.skippedBytes = skippedBytes;
    this.expectedBytes = expectedBytes;
  }

  /**
   * Starts reading {@code in}, the whole (decompressed) input, in {@code format}: {@link
   * JsonFormat#ARRAY}, {@link JsonFormat#CONCATENATED} or {@link JsonFormat#AUTO}.
   */
  static JsonStreamReader open(
      String source,
      InputStream in,
      CountingInputStream counting,
      JsonFormat format,
      long expectedBytes)
      throws IOException {
    // Jackson never sees the leading whitespace and byte-order mark skipped here to look at the
    // first byte, so its offsets are shifted back by their length.
    PushbackInputStream pushback = new PushbackInputStream(in, UTF8_BOM.length);
    long skipped = 0;
    byte[] head = pushback.readNBytes(UTF8_BOM.length);
    if (Arrays.equals(head, UTF8_BOM)) {
      skipped = UTF8_BOM.length;
    } else {
      pushback.unread(head);
    }
    int first = pushback.read();
    while (first == ' ' || first == '\t' || first == '\r' || first == '\n') {
      skipped++;
      first = pushback.read();
    }
    if (first >= 0) {
      pushback.unread(first);
    }
    boolean array =
        switch (format) {
          case ARRAY -> true;
          case CONCATENATED -> false;
          case AUTO -> first == '[';
          case JSONL -> throw new IllegalArgumentException("JSON Lines are read by lines");
        };
    JsonParser parser = JsonValues.FACTORY.createParser(pushback);
    JsonStreamReader reader =
        new JsonStreamReader(source, pushback, counting, parser, array, skipped, expectedBytes);
    if (array) {
      reader.readArrayStart();
    }
    return reader;
  }

  private void readArrayStart() throws IOException {
    try {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_ARRAY) {
        throw PipelineException.invalidInput(
            source
                + ": expected a JSON array, found "
                + (token == null ? "no value" : JsonValues.kindOf(token))
                + " at byte offset "
                + tokenOffset());
      }
    } catch (JsonProcessingException e) {
      throw invalidJson(e);
    }
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
    if (done) {
      return null;
    }
    List<Entry> entries = new ArrayList<>(Math.min(maxRecords, 1024));
    try {
      while (entries.size() < maxRecords && !done) {
        Entry entry = readRecord();
        if (entry != null) {
          entries.add(entry);
        }
      }
    } catch (JsonProcessingException e) {
      throw invalidJson(e);
    }
    return entries.isEmpty() ? null : new DecodedBatch(entries);
  }

  /** Reads the next element or value, or sets {@code done} at the end and returns null. */
  private @Nullable Entry readRecord() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      if (array) {
        throw PipelineException.invalidInput(
            source + ": the input ends at byte offset " + tokenOffset() + " inside the array");
      }
      finish();
      return null;
    }
    if (array && token == JsonToken.END_ARRAY) {
      JsonToken after = parser.nextToken();
      if (after != null) {
        throw PipelineException.invalidInput(
            source
                + ": found "
                + JsonValues.kindOf(after)
                + " at byte offset "
                + tokenOffset()
                + " after the top-level array");
      }
      finish();
      return null;
    }
    long offset = tokenOffset();
    long recordPosition = position++;
    if (token == JsonToken.START_OBJECT) {
      Map<String, Object> object = JsonValues.readObject(parser, ColumnSet.all());
      return new Entry(object, recordPosition, offset, null);
    }
    String text = JsonValues.toJson(JsonValues.readValue(parser, token));
    String message =
        (array ? "element " : "value ")
            + recordPosition
            + " at byte offset "
            + offset
            + " is "
            + JsonValues.kindOf(token)
            + ", not an object";
    RawRecord raw = new RawRecord(Map.of(), text);
    return Entry.malformed(recordPosition, offset, Violation.parse(message), () -> raw);
  }

  private void finish() {
    done = true;
    endOffset = counting.count();
  }

  private long tokenOffset() {
    return sourceOffset(parser.currentTokenLocation());
  }

  private long sourceOffset(@Nullable JsonLocation location) {
    long offset = location == null ? -1 : location.getByteOffset();
    return offset < 0 ? -1 : offset + skippedBytes;
  }

  private PipelineException invalidJson(JsonProcessingException e) {
    String where = " at byte offset " + sourceOffset(e.getLocation());
    return new PipelineException(
        ErrorKind.INVALID_INPUT,
        source
            + ": invalid JSON"
            + where
            + ": "
            + JsonValues.describeProblem(e.getOriginalMessage())
            + "; only JSON Lines can skip a malformed record",
        e);
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
    return 0;
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
    try {
      parser.close();
    } finally {
      in.close();
    }
  }
}
