package io.zoopipe.format.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonLinesShardTest {
  /** CRLF, blank lines, multi-byte UTF-8, a malformed line, no line break at the end. */
  private static final String CRLF_TEXT =
      "{\"n\":\"Zoë\",\"k\":1}\r\n"
          + "\r\n"
          + "{\"n\":\"日本語\",\"k\":2}\r\n"
          + "{\"n\":\"🦓\\n\",\"k\":3}\r\n"
          + "  \r\n"
          + "{broken\r\n"
          + "{\"n\":\"ü\",\"k\":5}";

  /** LF only, a blank line first, a line break at the end. */
  private static final String LF_TEXT =
      "\n{\"a\":[1,{\"b\":\"ß\"}]}\n{\"a\":\"€uro\"}\n\n{\"a\":null}\n";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {CRLF_TEXT, LF_TEXT})
  void everyCutPointYieldsEveryRecordExactlyOnce(String text) throws IOException {
    JsonInputAdapter adapter = adapter(text);
    long size = text.getBytes(UTF_8).length;
    List<Record> expected = records(Reads.readAll(adapter, 100).entries());

    for (long cut = 0; cut <= size; cut++) {
      Reads.ChainRead read = Reads.readShards(adapter, List.of(0L, cut, size));

      assertThat(records(read.entries())).as("cut at %d", cut).isEqualTo(expected);
      assertThat(read.rereads()).as("a JSON Lines guess is exact; cut at %d", cut).isZero();
      assertThat(read.endOffset()).isEqualTo(size);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CRLF_TEXT, LF_TEXT})
  void everyPairOfCutPointsYieldsEveryRecordExactlyOnce(String text) throws IOException {
    JsonInputAdapter adapter = adapter(text);
    long size = text.getBytes(UTF_8).length;
    List<Record> expected = records(Reads.readAll(adapter, 100).entries());

    for (long first = 0; first <= size; first++) {
      for (long second = first; second <= size; second++) {
        Reads.ChainRead read = Reads.readShards(adapter, List.of(0L, first, second, size));

        assertThat(records(read.entries())).as("cuts at %d, %d", first, second).isEqualTo(expected);
        assertThat(read.rereads()).isZero();
      }
    }
  }

  @Test
  void theWholeFileHasEveryRecordWithItsOffset() throws IOException {
    List<Entry> entries = Reads.readAll(adapter(CRLF_TEXT), 2).entries();

    assertThat(entries).hasSize(5);
    assertThat(entries.get(2).rawData()).isEqualTo(Map.of("n", "🦓\n", "k", 3));
    assertThat(entries.get(3).errors()).isNotEmpty();
    assertThat(entries)
        .extracting(Entry::offset)
        .containsExactly(
            0L,
            byteIndexOf(CRLF_TEXT, "{\"n\":\"日"),
            byteIndexOf(CRLF_TEXT, "{\"n\":\"🦓"),
            byteIndexOf(CRLF_TEXT, "{broken"),
            byteIndexOf(CRLF_TEXT, "{\"n\":\"ü"));
  }

  @Test
  void aShardStartingInsideALineOwnsTheNextLine() throws IOException {
    JsonInputAdapter adapter = adapter(LF_TEXT);
    long second = byteIndexOf(LF_TEXT, "{\"a\":\"€");

    Reads.Read read = Reads.readAll(adapter.withRange(new ByteRange(3, second + 1)), 10);

    assertThat(read.startOffset()).isEqualTo(second);
    assertThat(read.entries()).extracting(Entry::offset).containsExactly(second);
    assertThat(read.endOffset()).isEqualTo(byteIndexOf(LF_TEXT, "\n{\"a\":null"));
  }

  @Test
  void aShardStartingRightAfterALineBreakOwnsThatLine() throws IOException {
    JsonInputAdapter adapter = adapter(LF_TEXT);
    long second = byteIndexOf(LF_TEXT, "{\"a\":\"€");

    Reads.Read read = Reads.readAll(adapter.withRange(new ByteRange(second, second + 1)), 10);

    assertThat(read.startOffset()).isEqualTo(second);
    assertThat(read.entries()).hasSize(1);
  }

  @Test
  void anExactStartIsTrusted() throws IOException {
    JsonInputAdapter adapter = adapter(LF_TEXT);
    long second = byteIndexOf(LF_TEXT, "{\"a\":\"€");
    long size = LF_TEXT.getBytes(UTF_8).length;

    Reads.Read fromBoundary =
        Reads.readAll(adapter.withExactRange(new ByteRange(second, size)), 10);
    Reads.Read fromInsideALine =
        Reads.readAll(adapter.withExactRange(new ByteRange(second + 1, size)), 10);

    assertThat(fromBoundary.startOffset()).isEqualTo(second);
    assertThat(fromBoundary.entries()).hasSize(2).allSatisfy(e -> assertThat(e.errors()).isEmpty());
    assertThat(fromInsideALine.startOffset()).isEqualTo(second + 1);
    assertThat(fromInsideALine.entries()).hasSize(2);
    assertThat(fromInsideALine.entries().get(0).errors()).isNotEmpty();
  }

  @Test
  void anEmptyRangeOwnsNothingAndEndsAtTheNextLine() throws IOException {
    JsonInputAdapter adapter = adapter(LF_TEXT);
    long second = byteIndexOf(LF_TEXT, "{\"a\":\"€");

    Reads.Read read = Reads.readAll(adapter.withRange(new ByteRange(5, 5)), 10);

    assertThat(read.entries()).isEmpty();
    assertThat(read.startOffset()).isEqualTo(second);
    assertThat(read.endOffset()).isEqualTo(second);
  }

  private JsonInputAdapter adapter(String text) throws IOException {
    Path file = dir.resolve("shards-" + text.hashCode() + ".jsonl");
    Files.writeString(file, text, UTF_8);
    return new JsonInputAdapter(Location.of(file), JsonFormat.JSONL);
  }

  /** What identifies a record across readers: positions are per reader, offsets are global. */
  private record Record(long offset, Map<String, Object> data, String status, String text) {}

  private static List<Record> records(List<Entry> entries) {
    return entries.stream()
        .map(
            e ->
                new Record(
                    e.offset(), e.fullRawData(), e.status().name(), String.valueOf(e.rawText())))
        .toList();
  }

  private static long byteIndexOf(String text, String part) {
    return text.substring(0, text.indexOf(part)).getBytes(UTF_8).length;
  }
}
