package io.zoopipe.format.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.common.validation.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesInputTest {
  @TempDir Path dir;

  @Test
  void readsMembersInOrderWithNaturalTypes() throws IOException {
    Path file =
        write(
            "types.jsonl",
            "{\"z\":\"text\",\"a\":1,\"long\":12345678901,\"big\":123456789012345678901234567890,"
                + "\"d\":1.5,\"e\":2e3,\"huge\":1e400,\"t\":true,\"f\":false,\"n\":null,"
                + "\"o\":{\"x\":[1,\"two\",null]}}\n");

    Entry entry = Reads.readAll(adapter(file), 10).entries().get(0);

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("z", "text");
    expected.put("a", 1);
    expected.put("long", 12345678901L);
    expected.put("big", new BigInteger("123456789012345678901234567890"));
    expected.put("d", 1.5);
    expected.put("e", 2000.0);
    expected.put("huge", new JsonNumberText("1e400"));
    expected.put("t", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("o", Map.of("x", java.util.Arrays.asList(1, "two", null)));
    assertThat(entry.rawData()).containsExactlyEntriesOf(expected);
    assertThat(entry.rawData()).isInstanceOf(LinkedHashMap.class);
    assertThat(entry.rawData().get("o")).isInstanceOf(LinkedHashMap.class);
    assertThat(entry.status()).isEqualTo(EntryStatus.PENDING);
  }

  @Test
  void skipsBlankLinesAndGivesExactOffsetsWithCrlfAndMultiByteText() throws IOException {
    String text = "{\"name\":\"Zoë\"}\r\n\r\n   \n{\"name\":\"日本\"}\r\n\t\n{\"name\":\"🦓\"}";
    Path file = write("people.jsonl", text);

    Reads.Read read = Reads.readAll(adapter(file), 10);

    assertThat(read.entries())
        .extracting(e -> e.rawData().get("name"))
        .containsExactly("Zoë", "日本", "🦓");
    assertThat(read.entries()).extracting(Entry::position).containsExactly(0L, 1L, 2L);
    assertThat(read.entries())
        .extracting(Entry::offset)
        .containsExactly(
            0L, byteIndexOf(text, "{\"name\":\"日"), byteIndexOf(text, "{\"name\":\"🦓"));
    assertThat(read.entries())
        .extracting(Entry::rawText)
        .containsExactly("{\"name\":\"Zoë\"}", "{\"name\":\"日本\"}", "{\"name\":\"🦓\"}");
    assertThat(read.startOffset()).isZero();
    assertThat(read.endOffset()).isEqualTo(text.getBytes(UTF_8).length);
  }

  @Test
  void malformedLinesBecomeFailedEntriesAndReadingContinues() throws IOException {
    byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(
        ("{\"id\":1}\n"
                + "{\"id\":2,}\n"
                + "[1,2]\n"
                + "{\"id\":4} {\"id\":5}\n"
                + "\"just a string\"\n"
                + "{\"id\":6\n")
            .getBytes(UTF_8));
    bytes.writeBytes(invalidUtf8);
    bytes.writeBytes("{\"id\":8}\n".getBytes(UTF_8));
    Path file = dir.resolve("bad.jsonl");
    Files.write(file, bytes.toByteArray());

    List<Entry> entries = Reads.readAll(adapter(file), 3).entries();

    assertThat(entries).hasSize(8);
    assertThat(entries)
        .extracting(Entry::status)
        .containsExactly(
            EntryStatus.PENDING,
            EntryStatus.FAILED,
            EntryStatus.FAILED,
            EntryStatus.FAILED,
            EntryStatus.FAILED,
            EntryStatus.FAILED,
            EntryStatus.FAILED,
            EntryStatus.PENDING);
    assertThat(entries.get(7).rawData()).containsEntry("id", 8);
    assertThat(message(entries.get(1)))
        .startsWith("invalid JSON at byte offset 9 (column ")
        .contains("Unexpected character ('}'");
    assertThat(message(entries.get(2)))
        .isEqualTo("the record at byte offset 19 is an array, not an object");
    assertThat(message(entries.get(3)))
        .isEqualTo(
            "invalid JSON at byte offset 25 (column 10): unexpected content after the object");
    assertThat(message(entries.get(4)))
        .isEqualTo("the record at byte offset 43 is a string, not an object");
    assertThat(message(entries.get(5)))
        .startsWith("invalid JSON at byte offset 59")
        .contains("end-of-input")
        .doesNotContain("[Source");
    assertThat(message(entries.get(6))).startsWith("bytes not valid UTF-8 at byte ");
    assertThat(entries.get(1).errors())
        .extracting(Violation::type)
        .containsExactly(Violation.PARSE);
    assertThat(entries.get(1).rawText()).isEqualTo("{\"id\":2,}");
    assertThat(entries.get(1).offset()).isEqualTo(9);
    assertThat(entries.get(3).position()).isEqualTo(3);
  }

  @Test
  void errorRowOfAMalformedLineCarriesItsText() throws IOException {
    Path file = write("bad.jsonl", "{\"id\":1}\n{oops}\n");

    Entry failed = Reads.readAll(adapter(file), 10).entries().get(1);
    ErrorRow row = ErrorRow.of(failed);

    assertThat(row.raw()).isEmpty();
    assertThat(row.rawText()).isEqualTo("{oops}");
    assertThat(row.offset()).isEqualTo(9);
    assertThat(row.position()).isEqualTo(1);
  }

  @Test
  void decodesOnlyTheColumnsAskedForButRecoversEveryMember() throws IOException {
    Path file = write("wide.jsonl", "{\"a\":1,\"b\":{\"deep\":[1,2]},\"c\":\"three\"}\n");

    Entry entry = Reads.readAll(adapter(file), 10, ColumnSet.of("c")).entries().get(0);

    assertThat(entry.rawData()).containsExactly(Map.entry("c", "three"));
    assertThat(entry.fullRawData()).containsOnlyKeys("a", "b", "c");
    assertThat(entry.fullRawData().get("b")).isEqualTo(Map.of("deep", List.of(1, 2)));
  }

  @Test
  void readsAUtf8ByteOrderMark() throws IOException {
    Path file = dir.resolve("bom.jsonl");
    Files.write(file, ("\uFEFF{\"a\":1}\n{\"a\":2}\n").getBytes(UTF_8));

    List<Entry> entries = Reads.readAll(adapter(file), 10).entries();

    assertThat(entries).extracting(e -> e.rawData().get("a")).containsExactly(1, 2);
  }

  @Test
  void batchesNeverExceedTheirSizeAndSpanBufferRefills() throws IOException {
    int count = 6000;
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      // Lines of up to 3000 bytes: a batch of 300 outgrows the reader's first 64 KiB buffer.
      text.append("{\"i\":").append(i).append(",\"pad\":\"");
      text.append("x".repeat(i % 3000)).append("\"}\n");
    }
    Path file = write("many.jsonl", text.toString());

    Reads.Read read = Reads.readAll(adapter(file), 300);

    assertThat(read.entries()).hasSize(count);
    assertThat(read.batchSizes()).allSatisfy(size -> assertThat(size).isBetween(1, 300));
    assertThat(read.batchSizes()).contains(300);
    for (int i = 0; i < count; i++) {
      Entry entry = read.entries().get(i);
      assertThat(entry.rawData().get("i")).isEqualTo(i);
      assertThat(entry.rawData().get("pad")).asString().hasSize(i % 3000);
      assertThat(entry.position()).isEqualTo(i);
    }
    assertThat(read.endOffset()).isEqualTo(Files.size(file));
  }

  @Test
  void aLineLongerThanTheLimitBecomesAFailedEntry() throws IOException {
    String longLine = "{\"text\":\"" + "y".repeat(5000) + "\"}";
    Path file = write("long.jsonl", "{\"a\":1}\n" + longLine + "\n{\"a\":3}\n" + longLine);

    List<Entry> entries = Reads.readAll(adapter(file).withMaxRecordBytes(1000), 10).entries();

    assertThat(entries).hasSize(4);
    assertThat(entries)
        .extracting(Entry::status)
        .containsExactly(
            EntryStatus.PENDING, EntryStatus.FAILED, EntryStatus.PENDING, EntryStatus.FAILED);
    assertThat(message(entries.get(1)))
        .isEqualTo("the record at byte offset 8 is 5011 bytes long, more than the limit of 1000");
    assertThat(entries.get(1).rawText()).startsWith("{\"text\":\"yyy");
    assertThat(entries.get(2).rawData()).containsEntry("a", 3);
    assertThat(entries.get(2).offset()).isEqualTo(8 + 5012);
    assertThat(entries.get(3).position()).isEqualTo(3);
  }

  @Test
  void endsAtTheSizeOfAnEmptyFile() throws IOException {
    Path file = write("empty.jsonl", "");

    Reads.Read read = Reads.readAll(adapter(file), 10);

    assertThat(read.entries()).isEmpty();
    assertThat(read.startOffset()).isZero();
    assertThat(read.endOffset()).isZero();
  }

  @Test
  void readerFramesLinesWithoutParsingThem() throws IOException {
    Path file = write("bad.jsonl", "not json at all\n{\"a\":1}\n");

    try (RecordReader reader = adapter(file).open(StorageFactory.defaults())) {
      RawBatch batch = Objects.requireNonNull(reader.next(10));

      assertThat(batch).isInstanceOf(JsonLinesBatch.class);
      assertThat(batch.size()).isEqualTo(2);
      assertThat(reader.next(10)).isNull();
      assertThat(reader.columns()).isEmpty();
      assertThat(reader.bytesRead()).isEqualTo(Files.size(file));
      assertThat(reader.expectedBytes()).isEqualTo(Files.size(file));
    }
  }

  @Test
  void failsClearlyOnAMissingFile() {
    JsonInputAdapter adapter = new JsonInputAdapter(dir.resolve("missing.jsonl").toString());

    assertThatThrownBy(() -> adapter.open(StorageFactory.defaults()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("missing.jsonl");
  }

  @Test
  void onlyUncompressedJsonLinesAreSplittable() {
    Location plain = Location.parse("/data/users.jsonl");
    Location compressed = Location.parse("/data/users.jsonl.gz");
    Location json = Location.parse("/data/users.json");

    assertThat(new JsonInputAdapter(plain).isSplittable()).isTrue();
    assertThat(new JsonInputAdapter(compressed).isSplittable()).isFalse();
    assertThat(new JsonInputAdapter(json).format()).isEqualTo(JsonFormat.AUTO);
    assertThat(new JsonInputAdapter(json).isSplittable()).isFalse();
    assertThat(new JsonInputAdapter(compressed).withRange(ByteRange.ALL).range())
        .isEqualTo(ByteRange.ALL);
    assertThatThrownBy(() -> new JsonInputAdapter(compressed).withRange(new ByteRange(0, 10)))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("/data/users.jsonl.gz cannot be read by byte range [0, 10)")
        .hasMessageContaining("compressed")
        .extracting(e -> ((PipelineException) e).kind())
        .isEqualTo(ErrorKind.INVALID_CONFIGURATION);
    assertThatThrownBy(() -> new JsonInputAdapter(json).withExactRange(new ByteRange(5, 10)))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("only JSON Lines can be split");
  }

  @Test
  void isAValue() {
    JsonInputAdapter adapter = new JsonInputAdapter("/data/users.jsonl");

    assertThat(adapter.withRange(new ByteRange(0, 5)))
        .isEqualTo(adapter.withRange(new ByteRange(0, 5)))
        .hasSameHashCodeAs(adapter.withRange(new ByteRange(0, 5)))
        .isNotEqualTo(adapter.withExactRange(new ByteRange(0, 5)));
    assertThat(adapter.describe()).isEqualTo("JSON Lines /data/users.jsonl");
    assertThat(adapter.withRange(new ByteRange(0, 5)).describe())
        .isEqualTo("JSON Lines /data/users.jsonl [0, 5)");
  }

  private JsonInputAdapter adapter(Path file) {
    return new JsonInputAdapter(Location.of(file), JsonFormat.JSONL);
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, UTF_8);
    return file;
  }

  private static String message(Entry entry) {
    assertThat(entry.errors()).hasSize(1);
    return entry.errors().get(0).message();
  }

  private static long byteIndexOf(String text, String part) {
    return text.substring(0, text.indexOf(part)).getBytes(UTF_8).length;
  }
}
