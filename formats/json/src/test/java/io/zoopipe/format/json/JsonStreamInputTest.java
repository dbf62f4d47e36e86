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
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonStreamInputTest {
  @TempDir Path dir;

  @Test
  void streamsALargeTopLevelArrayOneBatchAtATime() throws IOException {
    Path file = dir.resolve("big.json");
    int count = 200_000;
    try (BufferedWriter out = Files.newBufferedWriter(file, UTF_8)) {
      out.write("[\n");
      for (int i = 0; i < count; i++) {
        out.write((i == 0 ? "" : ",\n") + "{\"i\":" + i + ",\"s\":\"v" + i + "\"}");
      }
      out.write("\n]\n");
    }
    long size = Files.size(file);

    long read = 0;
    long bytesAfterFirstBatch;
    try (RecordReader reader =
        new JsonInputAdapter(file.toString()).open(StorageFactory.defaults())) {
      RawBatch first = Objects.requireNonNull(reader.next(1000));
      bytesAfterFirstBatch = reader.bytesRead();
      read += check(first, 0);
      for (RawBatch batch = reader.next(1000); batch != null; batch = reader.next(1000)) {
        assertThat(batch.size()).isLessThanOrEqualTo(1000);
        read += check(batch, read);
      }
      assertThat(reader.endOffset()).isEqualTo(size);
      assertThat(reader.expectedBytes()).isEqualTo(size);
    }

    assertThat(read).isEqualTo(count);
    // Only the parser's buffers were read ahead of the first batch, not the whole array.
    assertThat(bytesAfterFirstBatch).isLessThan(size / 20);
  }

  @Test
  void offsetsPointAtEachElementAfterAByteOrderMarkAndWhitespace() throws IOException {
    String text = "\uFEFF \n [ {\"a\":\"é\"},\n  {\"a\":\"日本\"} ]  \n";
    Path file = write("spaced.json", text);

    List<Entry> entries = Reads.readAll(new JsonInputAdapter(file.toString()), 10).entries();

    assertThat(entries).extracting(e -> e.rawData().get("a")).containsExactly("é", "日本");
    assertThat(entries)
        .extracting(Entry::offset)
        .containsExactly(byteIndexOf(text, "{\"a\":\"é"), byteIndexOf(text, "{\"a\":\"日"));
    assertThat(entries).extracting(Entry::position).containsExactly(0L, 1L);
  }

  @Test
  void readsConcatenatedValuesSeparatedByAnyWhitespace() throws IOException {
    String text = "{\"a\":1}{\"a\":2}\n\n{\n  \"a\": 3,\n  \"b\": [1, 2]\n}\t {\"a\":4}\r\n";
    Path file = write("values.json", text);

    Reads.Read read = Reads.readAll(new JsonInputAdapter(file.toString()), 3);

    assertThat(read.entries()).extracting(e -> e.rawData().get("a")).containsExactly(1, 2, 3, 4);
    assertThat(read.entries().get(2).rawData()).isEqualTo(Map.of("a", 3, "b", List.of(1, 2)));
    assertThat(read.entries())
        .extracting(Entry::offset)
        .containsExactly(0L, 7L, 16L, byteIndexOf(text, "{\"a\":4"));
    assertThat(read.endOffset()).isEqualTo(text.length());
  }

  @Test
  void readsJsonLinesAsConcatenatedValues() throws IOException {
    Path file = write("lines.json", "{\"a\":1}\n{\"a\":2}\n");

    List<Entry> entries =
        Reads.readAll(new JsonInputAdapter(Location.of(file), JsonFormat.CONCATENATED), 10)
            .entries();

    assertThat(entries).extracting(e -> e.rawData().get("a")).containsExactly(1, 2);
  }

  @Test
  void elementsThatAreNotObjectsBecomeFailedEntries() throws IOException {
    Path file = write("mixed.json", "[{\"a\":1}, [1, 2], \"text\", 3.5, null, {\"a\":2}]");

    List<Entry> entries = Reads.readAll(new JsonInputAdapter(file.toString()), 10).entries();

    assertThat(entries)
        .extracting(Entry::status)
        .containsExactly(
            EntryStatus.PENDING,
            EntryStatus.FAILED,
            EntryStatus.FAILED,
            EntryStatus.FAILED,
            EntryStatus.FAILED,
            EntryStatus.PENDING);
    assertThat(entries.get(1).errors().get(0).message())
        .isEqualTo("element 1 at byte offset 10 is an array, not an object");
    assertThat(entries.get(1).rawText()).isEqualTo("[1,2]");
    assertThat(entries.get(2).rawText()).isEqualTo("\"text\"");
    assertThat(entries.get(4).errors().get(0).message()).contains("is null, not an object");
    assertThat(entries.get(5).rawData()).isEqualTo(Map.of("a", 2));
  }

  @Test
  void invalidJsonInAnArrayFailsTheReadWithItsOffset() throws IOException {
    Path file = write("broken.json", "[{\"a\":1},\n{\"a\" 2}]");

    assertThatThrownBy(() -> Reads.readAll(new JsonInputAdapter(file.toString()), 10))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith(file + ": invalid JSON at byte offset 15: Unexpected character")
        .extracting(e -> ((PipelineException) e).kind())
        .isEqualTo(ErrorKind.INVALID_INPUT);
  }

  @Test
  void anUnclosedArrayFailsTheRead() throws IOException {
    Path file = write("unclosed.json", "[{\"a\":1},{\"a\":2}");

    assertThatThrownBy(() -> Reads.readAll(new JsonInputAdapter(file.toString()), 1))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("invalid JSON at byte offset")
        .hasMessageContaining("end-of-input");
  }

  @Test
  void contentAfterTheArrayFailsTheRead() throws IOException {
    Path file = write("after.json", "[{\"a\":1}] {\"a\":2}");

    assertThatThrownBy(() -> Reads.readAll(new JsonInputAdapter(file.toString()), 10))
        .isInstanceOf(PipelineException.class)
        .hasMessage(file + ": found an object at byte offset 10 after the top-level array");
  }

  @Test
  void anExplicitArrayFormatRejectsOtherInput() throws IOException {
    Path file = write("object.json", "{\"a\":1}");

    assertThatThrownBy(
            () ->
                new JsonInputAdapter(Location.of(file), JsonFormat.ARRAY)
                    .open(StorageFactory.defaults())
                    .close())
        .isInstanceOf(PipelineException.class)
        .hasMessage(file + ": expected a JSON array, found an object at byte offset 0");
  }

  @Test
  void anEmptyFileHasNoRecords() throws IOException {
    Path file = write("empty.json", "  \n");

    Reads.Read read = Reads.readAll(new JsonInputAdapter(file.toString()), 10);

    assertThat(read.entries()).isEmpty();
    assertThat(read.endOffset()).isEqualTo(3);
  }

  @Test
  void anEmptyArrayHasNoRecords() throws IOException {
    Path file = write("empty-array.json", "[ ]");

    assertThat(Reads.readAll(new JsonInputAdapter(file.toString()), 10).entries()).isEmpty();
  }

  private long check(RawBatch batch, long firstPosition) {
    List<Entry> entries = batch.decode(ColumnSet.all());
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      long expected = firstPosition + i;
      assertThat(entry.position()).isEqualTo(expected);
      assertThat(entry.rawData())
          .containsEntry("i", (int) expected)
          .containsEntry("s", "v" + expected);
    }
    return entries.size();
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, UTF_8);
    return file;
  }

  private static long byteIndexOf(String text, String part) {
    return text.substring(0, text.indexOf(part)).getBytes(UTF_8).length;
  }
}
