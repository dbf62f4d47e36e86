package io.zoopipe.format.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.zoopipe.common.adapter.CharsetCheck;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Entry.RawRecord;
import io.zoopipe.common.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON Lines as framed by the reader thread: the bytes of consecutive lines and where each record
 * starts and ends in them. {@link #decode} parses each line with Jackson, on whichever worker
 * thread it runs; the batch is immutable, so decoding it again (for an error record) is safe.
 */
final class JsonLinesBatch implements RawBatch {
  private final byte[] data;
  private final int[] starts;
  private final int[] ends;
  private final int size;
  private final long baseOffset;
  private final long firstPosition;

  /**
   * @param data the bytes of the lines; record {@code i} is {@code data[starts[i], ends[i])}
   *     without its line break
   * @param baseOffset the source offset of {@code data[0]}
   * @param firstPosition the position of record 0
   */
  JsonLinesBatch(
      byte[] data, int[] starts, int[] ends, int size, long baseOffset, long firstPosition) {
    this.data = data;
    this.starts = starts;
    this.ends = ends;
    this.size = size;
    this.baseOffset = baseOffset;
    this.firstPosition = firstPosition;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public List<Entry> decode(ColumnSet columns) {
    // One pass over the batch settles the usual case: ASCII is valid UTF-8.
    CharsetCheck check =
        size > 0 && !CharsetCheck.isAscii(data, starts[0], ends[size - 1])
            ? new CharsetCheck(StandardCharsets.UTF_8)
            : null;
    List<Entry> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      entries.add(decode(i, columns, check));
    }
    return entries;
  }

  private Entry decode(int i, ColumnSet columns, @Nullable CharsetCheck check) {
    long position = firstPosition + i;
    long offset = baseOffset + starts[i];
    if (check != null) {
      int invalid = check.firstInvalid(data, starts[i], ends[i]);
      if (invalid >= 0) {
        return Entry.malformed(
            position, offset, check.violation(invalid, offset), () -> rawRecord(i));
      }
    }
    try (JsonParser parser =
        JsonValues.FACTORY.createParser(data, starts[i], ends[i] - starts[i])) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        String what = token == null ? "empty" : JsonValues.kindOf(token) + ", not an object";
        return Entry.malformed(
            position,
            offset,
            Violation.parse("the record at byte offset " + offset + " is " + what),
            () -> rawRecord(i));
      }
      Map<String, Object> object = JsonValues.readObject(parser, columns);
      if (parser.nextToken() != null) {
        return malformed(i, "unexpected content after the object", parser.currentTokenLocation());
      }
      return new Entry(object, position, offset, () -> rawRecord(i));
    } catch (JsonProcessingException e) {
      return malformed(i, e.getOriginalMessage(), e.getLocation());
    } catch (IOException e) {
      throw new UncheckedIOException("reading JSON from memory failed", e);
    }
  }

  private Entry malformed(int i, String problem, @Nullable JsonLocation where) {
    long position = firstPosition + i;
    long offset = baseOffset + starts[i];
    // The byte offset names the record; its position is shard-relative when the input is read in
    // shards, so the message leaves it to the error record, whose position the merge makes global.
    String column =
        where == null || where.getColumnNr() < 1 ? "" : " (column " + where.getColumnNr() + ")";
    String message =
        "invalid JSON at byte offset "
            + offset
            + column
            + ": "
            + JsonValues.describeProblem(problem);
    return Entry.malformed(position, offset, Violation.parse(message), () -> rawRecord(i));
  }

  /** Every member of record {@code i} and its text; no members if it is not a valid object. */
  private RawRecord rawRecord(int i) {
    int length = ends[i] - starts[i];
    String text = new String(data, starts[i], length, StandardCharsets.UTF_8);
    if (new CharsetCheck(StandardCharsets.UTF_8).firstInvalid(data, starts[i], ends[i]) >= 0) {
      // Not UTF-8: the text has replacement characters; the bytes tell what was read.
      return new RawRecord(Map.of(), text, CharsetCheck.base64(data, starts[i], ends[i]));
    }
    try (JsonParser parser = JsonValues.FACTORY.createParser(data, starts[i], length)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        Map<String, Object> object = JsonValues.readObject(parser, ColumnSet.all());
        if (parser.nextToken() == null) {
          return new RawRecord(object, text);
        }
      }
    } catch (IOException e) {
      // Not valid JSON: the text is all there is.
    }
    return new RawRecord(Map.of(), text);
  }
}
