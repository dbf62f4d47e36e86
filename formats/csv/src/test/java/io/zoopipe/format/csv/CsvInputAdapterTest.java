package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.rows;
import static io.zoopipe.format.csv.CsvFixtures.write;
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
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvInputAdapterTest {
  @TempDir Path dir;

  @Test
  void readsHeaderAndRowsInOrderWithOffsetsAndPositions() throws IOException {
    Path file = write(dir, "users.csv", "id,name\n1,Ann\n2,Bob\n");

    List<Entry> entries = readAll(input(file));

    assertThat(rows(entries))
        .containsExactly(Map.of("id", "1", "name", "Ann"), Map.of("id", "2", "name", "Bob"));
    assertThat(entries).extracting(Entry::position).containsExactly(0L, 1L);
    assertThat(entries).extracting(Entry::offset).containsExactly(8L, 14L);
    assertThat(entries).extracting(Entry::status).containsOnly(EntryStatus.PENDING);
    assertThat(entries.get(0).rawData().keySet()).containsExactly("id", "name");
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 17, 31, 64, 1 << 20})
  void handlesQuotesLineBreaksAndMultiByteTextAtAnyChunkSize(int chunkBytes) throws IOException {
    String content =
        "id,text,note\r\n"
            + "1,\"a,b\",\"two\nlines\"\r\n"
            + "2,\"say \"\"hi\"\"\",\"crlf\r\ninside\"\r\n"
            + "3,Zoë ☃ 😀,\r\n"
            + "\"4\",\"\",\"\"\"\"";
    Path file = write(dir, "quoted.csv", content);

    List<Entry> entries = readAll(input(file).withChunkBytes(chunkBytes), ColumnSet.all(), 2);

    assertThat(rows(entries))
        .containsExactly(
            Map.of("id", "1", "text", "a,b", "note", "two\nlines"),
            Map.of("id", "2", "text", "say \"hi\"", "note", "crlf\r\ninside"),
            Map.of("id", "3", "text", "Zoë ☃ 😀", "note", ""),
            Map.of("id", "4", "text", "", "note", "\""));
    assertThat(entries).extracting(Entry::position).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void readsTabSeparatedValues() throws IOException {
    Path file = write(dir, "data.tsv", "a\tb\n1,5\t\"x\ty\"\n");

    List<Entry> entries = readAll(input(file, CsvOptions.tsv()));

    assertThat(rows(entries)).containsExactly(Map.of("a", "1,5", "b", "x\ty"));
  }

  @Test
  void readsACustomQuoteCharacter() throws IOException {
    Path file = write(dir, "single.csv", "a;b\n'it''s';'x;\ny'\n\"plain\";2\n");
    CsvOptions options = CsvOptions.defaults().withQuote('\'').withDelimiter(';');

    List<Entry> entries = readAll(input(file, options));

    assertThat(rows(entries))
        .containsExactly(Map.of("a", "it's", "b", "x;\ny"), Map.of("a", "\"plain\"", "b", "2"));
  }

  @Test
  void headerOnlyFileHasColumnsAndNoRows() throws IOException {
    Path file = write(dir, "header.csv", "id,name\n");

    try (RecordReader reader = input(file).open(StorageFactory.defaults())) {
      assertThat(reader.columns()).containsExactly("id", "name");
      assertThat(reader.next(10)).isNull();
      assertThat(reader.endOffset()).isEqualTo(8);
    }
  }

  @Test
  void emptyFileHasNoColumnsAndNoRows() throws IOException {
    Path file = write(dir, "empty.csv", "");

    try (RecordReader reader = input(file).open(StorageFactory.defaults())) {
      assertThat(reader.columns()).isEmpty();
      assertThat(reader.next(10)).isNull();
      assertThat(reader.startOffset()).isZero();
      assertThat(reader.endOffset()).isZero();
    }
  }

  @Test
  void namesColumnsExplicitlyWithoutHeader() throws IOException {
    Path file = write(dir, "nohead.csv", "1,Ann\n2,Bob\n");
    CsvOptions options = CsvOptions.defaults().withHeader(false).withColumns("id", "name");

    List<Entry> entries = readAll(input(file, options));

    assertThat(rows(entries))
        .containsExactly(Map.of("id", "1", "name", "Ann"), Map.of("id", "2", "name", "Bob"));
    assertThat(entries.get(0).offset()).isZero();
  }

  @Test
  void generatesColumnNamesWithoutHeader() throws IOException {
    Path file = write(dir, "nohead.csv", "1,Ann,x\n2,Bob,y\n");

    try (RecordReader reader =
        input(file, CsvOptions.defaults().withHeader(false)).open(StorageFactory.defaults())) {
      assertThat(reader.columns()).containsExactly("column_1", "column_2", "column_3");
    }
    List<Entry> entries = readAll(input(file, CsvOptions.defaults().withHeader(false)));
    assertThat(rows(entries))
        .containsExactly(
            Map.of("column_1", "1", "column_2", "Ann", "column_3", "x"),
            Map.of("column_1", "2", "column_2", "Bob", "column_3", "y"));
    assertThat(entries).extracting(Entry::position).containsExactly(0L, 1L);
  }

  @Test
  void skipsTheHeaderLineWhenColumnsAreGiven() throws IOException {
    Path file = write(dir, "renamed.csv", "a,b\n1,2\n");

    List<Entry> entries = readAll(input(file, CsvOptions.defaults().withColumns("x", "y")));

    assertThat(rows(entries)).containsExactly(Map.of("x", "1", "y", "2"));
  }

  @Test
  void skipsAUtf8ByteOrderMark() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = "id,name\n1,Ann\n".getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, content, 0, 3);
    System.arraycopy(text, 0, content, 3, text.length);
    Path file = write(dir, "bom.csv", content);

    try (RecordReader reader = input(file).open(StorageFactory.defaults())) {
      assertThat(reader.columns()).containsExactly("id", "name");
    }
    List<Entry> entries = readAll(input(file));
    assertThat(rows(entries)).containsExactly(Map.of("id", "1", "name", "Ann"));
    assertThat(entries.get(0).offset()).isEqualTo(11);
  }

  @Test
  void skipsBlankLines() throws IOException {
    Path file = write(dir, "blank.csv", "\nid\n1\n\n\r\n2\n\n");

    List<Entry> entries = readAll(input(file));

    assertThat(rows(entries)).containsExactly(Map.of("id", "1"), Map.of("id", "2"));
    assertThat(entries).extracting(Entry::position).containsExactly(0L, 1L);
    assertThat(entries).extracting(Entry::offset).containsExactly(4L, 9L);
  }

  @Test
  void readsIso88591() throws IOException {
    Path file = write(dir, "latin.csv", "name\nZo\u00eb\n".getBytes(StandardCharsets.ISO_8859_1));

    List<Entry> entries =
        readAll(input(file, CsvOptions.defaults().withCharset(StandardCharsets.ISO_8859_1)));

    assertThat(rows(entries)).containsExactly(Map.of("name", "Zoë"));
  }

  @Test
  void refusesADuplicateHeaderNameNamingTheFile() {
    Path file = write(dir, "dup.csv", "id,name,id\n1,2,3\n");

    assertThatThrownBy(() -> readAll(input(file)))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'id' twice (columns 1 and 3)")
        .extracting(e -> ((PipelineException) e).kind())
        .isEqualTo(ErrorKind.INVALID_INPUT);
  }

  @Test
  void refusesAnEmptyHeaderNameNamingTheFile() {
    Path file = write(dir, "hole.csv", "id,,name\n1,2,3\n");

    assertThatThrownBy(() -> readAll(input(file)))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("empty name for column 2");
  }

  @Test
  void reportsAMissingFile() {
    CsvInputAdapter adapter = new CsvInputAdapter(dir.resolve("missing.csv").toString());

    assertThatThrownBy(() -> adapter.open(StorageFactory.defaults()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("missing.csv");
  }

  @Test
  void compressedInputIsNotSplittableAndRefusesARange() {
    CsvInputAdapter compressed = new CsvInputAdapter("data.csv.gz");

    assertThat(compressed.isSplittable()).isFalse();
    assertThat(new CsvInputAdapter("data.csv").isSplittable()).isTrue();
    assertThatThrownBy(() -> compressed.withRange(new ByteRange(0, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data.csv.gz is compressed");
  }

  @Test
  void aRangeReadsTheHeaderFromTheFileStartAndOwnsRecordsStartingInIt() throws IOException {
    Path file = write(dir, "range.csv", "id,v\n1,a\n2,b\n3,c\n");

    CsvInputAdapter adapter = input(file).withRange(new ByteRange(6, 13));
    try (RecordReader reader = adapter.open(StorageFactory.defaults())) {
      assertThat(reader.columns()).containsExactly("id", "v");
      RawBatch batch = reader.next(10);
      assertThat(batch).isNotNull();
      assertThat(rows(batch.decode(ColumnSet.all()))).containsExactly(Map.of("id", "2", "v", "b"));
      assertThat(reader.next(10)).isNull();
      assertThat(reader.startOffset()).isEqualTo(9);
      assertThat(reader.endOffset()).isEqualTo(13);
    }
  }

  @Test
  void anExactRangeTrustsItsStart() throws IOException {
    Path file = write(dir, "exact.csv", "id,v\n1,a\n2,b\n");

    List<Entry> guessed = readAll(input(file).withRange(new ByteRange(7, 20)));
    List<Entry> exact = readAll(input(file).withExactRange(new ByteRange(7, 20)));

    assertThat(rows(guessed)).containsExactly(Map.of("id", "2", "v", "b"));
    // Offset 7 is inside "1,a": trusted as a start, it reads "a" as a record of one field.
    assertThat(exact).hasSize(2);
    assertThat(exact.get(0).errors().get(0).message()).startsWith("expected 2 fields, found 1");
    assertThat(rows(exact.subList(1, 2))).containsExactly(Map.of("id", "2", "v", "b"));
  }

  @Test
  void reportsBytesReadAndExpectedForTheWholeFileAndARange() throws IOException {
    Path file = write(dir, "progress.csv", "id\n1\n2\n3\n");

    try (RecordReader reader = input(file).open(StorageFactory.defaults())) {
      assertThat(reader.expectedBytes()).isEqualTo(9);
      while (reader.next(1) != null) {
        assertThat(reader.bytesRead()).isBetween(1L, 9L);
      }
      assertThat(reader.bytesRead()).isEqualTo(9);
    }
    try (RecordReader reader =
        input(file).withRange(new ByteRange(3, 6)).open(StorageFactory.defaults())) {
      assertThat(reader.expectedBytes()).isEqualTo(3);
    }
  }

  @Test
  void aMidFileRangeWithoutHeaderNamesColumnsAfterTheFilesFirstRecord() throws IOException {
    Path file = write(dir, "nohead.csv", "1,a,x\n2,b,y\n");
    CsvOptions options = CsvOptions.defaults().withHeader(false);

    try (RecordReader reader =
        input(file, options).withRange(new ByteRange(3, 12)).open(StorageFactory.defaults())) {
      assertThat(reader.columns()).containsExactly("column_1", "column_2", "column_3");
      RawBatch batch = reader.next(10);
      assertThat(batch).isNotNull();
      assertThat(rows(batch.decode(ColumnSet.all())))
          .containsExactly(Map.of("column_1", "2", "column_2", "b", "column_3", "y"));
    }
  }

  @Test
  void aMidFileRangeReadsAHeaderThatFollowsAByteOrderMark() throws IOException {
    Path file = write(dir, "bom-range.csv", "\uFEFFid,name\n1,Ann\n2,Bob\n");

    List<Entry> entries = readAll(input(file).withRange(new ByteRange(12, 21)));

    assertThat(rows(entries)).containsExactly(Map.of("id", "2", "name", "Bob"));
  }

  @Test
  void describesItselfAndIsAValue() {
    CsvInputAdapter adapter = new CsvInputAdapter("in.csv").withRange(new ByteRange(0, 5));

    assertThat(adapter.describe()).isEqualTo("csv in.csv [0, 5)");
    assertThat(adapter).isEqualTo(new CsvInputAdapter("in.csv").withRange(new ByteRange(0, 5)));
    assertThat(adapter.location()).contains(Location.parse("in.csv"));
  }
}
