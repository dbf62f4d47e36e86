package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.validation.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad row becomes a failed entry naming the problem and where; reading goes on. */
class CsvMalformedRowsTest {
  @TempDir Path dir;

  @Test
  void aWrongNumberOfFieldsFailsTheRowWithItsTextAndTheNextRowsAreRead() throws IOException {
    Path file = write(dir, "count.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");

    List<Entry> entries = readAll(input(file));

    assertThat(entries)
        .extracting(Entry::status)
        .containsExactly(EntryStatus.PENDING, EntryStatus.FAILED, EntryStatus.PENDING);
    Entry bad = entries.get(1);
    assertThat(bad.offset()).isEqualTo(12);
    assertThat(bad.position()).isEqualTo(1);
    assertThat(onlyError(bad).message())
        .startsWith("expected 3 fields, found 2 in the record at byte 12");
    assertThat(onlyError(bad).type()).isEqualTo(Violation.PARSE);
    assertThat(bad.fullRawData()).isEmpty();
    assertThat(bad.rawText()).isEqualTo("4,5");
    assertThat(entries.get(2).rawData()).isEqualTo(Map.of("a", "6", "b", "7", "c", "8"));
  }

  @Test
  void bytesInvalidInTheCharsetFailTheRecordAndKeepItsBytes() throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes("id,name\n1,ok\n2,".getBytes(StandardCharsets.UTF_8));
    content.write(0xC3); // a lead byte with no continuation
    content.writeBytes("x\n3,Zoë\n".getBytes(StandardCharsets.UTF_8));
    Path file = write(dir, "bytes.csv", content.toByteArray());

    List<Entry> entries = readAll(input(file));

    Entry bad = entries.get(1);
    assertThat(bad.status()).isEqualTo(EntryStatus.FAILED);
    assertThat(onlyError(bad).field()).isNull();
    assertThat(onlyError(bad).message())
        .isEqualTo(
            "bytes not valid UTF-8 at byte 2 of the record (which starts at byte 13); its bytes"
                + " are kept as base64");
    assertThat(bad.offset()).isEqualTo(13);
    assertThat(bad.fullRawData()).containsEntry("id", "2").containsEntry("name", "\uFFFDx");
    ErrorRow row = ErrorRow.of(bad);
    assertThat(Base64.getDecoder().decode(requireNonNull(row.rawBase64())))
        .isEqualTo(new byte[] {'2', ',', (byte) 0xC3, 'x'});
    assertThat(entries.get(2).rawData()).isEqualTo(Map.of("id", "3", "name", "Zoë"));
    assertThat(ErrorRow.of(entries.get(0)).rawBase64()).isNull();
  }

  @Test
  void aLatin1RecordIsAnErrorRecordEvenInAColumnNoOneReads() throws IOException {
    byte[] content = "id,name,city\n1,Zoë,Paris\n2,Ann,Orléans\r\n".getBytes(ISO_8859_1);
    Path file = write(dir, "latin1.csv", content);

    List<Entry> entries = readAll(input(file), ColumnSet.of("id"), 1000);

    assertThat(entries).extracting(Entry::status).containsOnly(EntryStatus.FAILED);
    assertThat(onlyError(entries.get(1)).message()).startsWith("bytes not valid UTF-8 at byte 9 ");
    assertThat(entries)
        .extracting(entry -> new String(decode(ErrorRow.of(entry).rawBase64()), ISO_8859_1))
        .containsExactly("1,Zoë,Paris", "2,Ann,Orléans");
  }

  @Test
  void aCharsetOtherThanUtf8IsCheckedByItsDecoder() throws IOException {
    byte[] content = "id,name\n1,Zoë\n2,Ann\n".getBytes(ISO_8859_1);
    Path file = write(dir, "ascii.csv", content);

    List<Entry> entries =
        readAll(input(file, CsvOptions.defaults().withCharset(StandardCharsets.US_ASCII)));

    assertThat(entries)
        .extracting(Entry::status)
        .containsExactly(EntryStatus.FAILED, EntryStatus.PENDING);
    assertThat(onlyError(entries.get(0)).message())
        .startsWith("bytes not valid US-ASCII at byte 4 of the record (which starts at byte 8)");
    assertThat(decode(ErrorRow.of(entries.get(0)).rawBase64()))
        .isEqualTo("1,Zoë".getBytes(ISO_8859_1));
  }

  @Test
  void aFieldLongerThanMaxFieldBytesFailsTheRow() throws IOException {
    Path file = write(dir, "long.csv", "id,text\n1,short\n2,0123456789A\n3,\"0123456789B\"\n4,x\n");
    CsvOptions options = CsvOptions.defaults().withMaxFieldBytes(10);

    List<Entry> entries = readAll(input(file, options));

    assertThat(entries)
        .extracting(Entry::status)
        .containsExactly(
            EntryStatus.PENDING, EntryStatus.FAILED, EntryStatus.FAILED, EntryStatus.PENDING);
    assertThat(onlyError(entries.get(1)).field()).isEqualTo("text");
    assertThat(onlyError(entries.get(1)).message())
        .isEqualTo("field of 11 bytes at byte 18 is longer than maxFieldBytes (10)");
    // A quoted field over maxFieldBytes that closes is one record with a field too long.
    assertThat(onlyError(entries.get(2)).message())
        .isEqualTo("field of 11 bytes at byte 33 is longer than maxFieldBytes (10)");
    assertThat(entries.get(3).rawData()).isEqualTo(Map.of("id", "4", "text", "x"));
  }

  @Test
  void anUnterminatedQuoteAtTheEndIsCutAtTheNextLineFeedSoLaterRowsSurvive() throws IOException {
    Path file = write(dir, "open.csv", "id,text\n1,\"never closed\n2,b\n3,c\n");

    List<Entry> entries = readAll(input(file));

    assertThat(entries).hasSize(3);
    Entry bad = entries.get(0);
    assertThat(bad.status()).isEqualTo(EntryStatus.FAILED);
    assertThat(bad.offset()).isEqualTo(8);
    assertThat(onlyError(bad).message())
        .isEqualTo(
            "unterminated quote: the quoted field opened at byte 10 is not closed before the end"
                + " of input; the record was cut at the first line break after the quote (15 bytes)");
    assertThat(bad.rawText()).isEqualTo("1,\"never closed");
    assertThat(entries.get(1).rawData()).isEqualTo(Map.of("id", "2", "text", "b"));
    assertThat(entries.get(2).rawData()).isEqualTo(Map.of("id", "3", "text", "c"));
  }

  @Test
  void aQuoteOpenPastMaxRecordBytesRunsToWhereItClosesAsOneRecord() throws IOException {
    StringBuilder content = new StringBuilder("id,text\n1,\"stray quote\n");
    for (int i = 2; i < 2000; i++) {
      content.append(i).append(",row ").append(i).append('\n');
    }
    content.append("2000,\"closes the first\"\n2001,last\n");
    Path file = write(dir, "stray.csv", content.toString());
    CsvOptions options = CsvOptions.defaults().withMaxFieldBytes(100).withMaxRecordBytes(200);

    List<Entry> entries = readAll(input(file, options).withChunkBytes(64));

    assertThat(entries).hasSize(2);
    assertThat(onlyError(entries.get(0)).message())
        .startsWith("a record of " + (content.indexOf("\n2001") - 8) + " bytes at byte 8 is longer")
        .endsWith(
            "its quoted field opened at byte 10 has line breaks inside, and reading resumed after"
                + " the record's end");
    assertThat(entries.get(1).rawData()).isEqualTo(Map.of("id", "2001", "text", "last"));
  }

  @Test
  void aQuotedFieldOverMaxFieldBytesWithLineBreaksIsOneErrorRecord() throws IOException {
    StringBuilder content = new StringBuilder("id,text\n");
    for (int i = 0; i < 1001; i++) {
      content.append(i).append(',');
      if (i == 500) {
        content.append('"').append("line\n".repeat(50)).append("\"\n");
      } else {
        content.append("row ").append(i).append('\n');
      }
    }
    Path file = write(dir, "oversized.csv", content.toString());
    CsvOptions options = CsvOptions.defaults().withMaxFieldBytes(100).withMaxRecordBytes(1000);

    List<Entry> entries = readAll(input(file, options).withChunkBytes(64));

    assertThat(entries).hasSize(1001);
    assertThat(entries).filteredOn(entry -> entry.status() == EntryStatus.FAILED).hasSize(1);
    Entry bad = entries.get(500);
    assertThat(bad.status()).isEqualTo(EntryStatus.FAILED);
    assertThat(onlyError(bad).field()).isEqualTo("text");
    assertThat(onlyError(bad).message())
        .isEqualTo(
            "field of 250 bytes at byte "
                + (bad.offset() + 5)
                + " is longer than maxFieldBytes (100)");
    assertThat(entries.get(501).rawData()).isEqualTo(Map.of("id", "501", "text", "row 501"));
  }

  @Test
  void garbageAfterAClosingQuoteFailsTheRowNamingTheColumn() throws IOException {
    Path file = write(dir, "garbage.csv", "a,b\n\"ab\"c,2\n3,4\n");

    List<Entry> entries = readAll(input(file));

    Entry bad = entries.get(0);
    assertThat(bad.status()).isEqualTo(EntryStatus.FAILED);
    assertThat(onlyError(bad).field()).isEqualTo("a");
    assertThat(onlyError(bad).message())
        .startsWith("unexpected 'c' after the closing quote at byte 7");
    assertThat(entries.get(1).rawData()).isEqualTo(Map.of("a", "3", "b", "4"));
  }

  @Test
  void aRecordLongerThanMaxRecordBytesIsCutAtTheNextLineFeed() throws IOException {
    String longLine = "x".repeat(300) + "," + "y".repeat(300);
    Path file = write(dir, "wide.csv", "a,b\n1,2\n" + longLine + "\n3,4\n");
    CsvOptions options = CsvOptions.defaults().withMaxFieldBytes(100).withMaxRecordBytes(200);

    List<Entry> entries = readAll(input(file, options).withChunkBytes(32));

    assertThat(entries).hasSize(3);
    assertThat(onlyError(entries.get(1)).message())
        .isEqualTo(
            "a record of 601 bytes at byte 8 is longer than maxRecordBytes (200); it was cut at"
                + " its first line break");
    assertThat(entries.get(1).offset()).isEqualTo(8);
    assertThat(entries.get(2).rawData()).isEqualTo(Map.of("a", "3", "b", "4"));
  }

  @Test
  void aBareQuoteInsideAnUnquotedFieldIsAnOrdinaryCharacter() throws IOException {
    Path file = write(dir, "inch.csv", "size,name\n12\",pipe\n");

    List<Entry> entries = readAll(input(file));

    assertThat(entries.get(0).rawData()).isEqualTo(Map.of("size", "12\"", "name", "pipe"));
  }

  private static byte[] decode(@Nullable String base64) {
    return Base64.getDecoder().decode(requireNonNull(base64, "no raw_base64"));
  }

  private static Violation onlyError(Entry entry) {
    assertThat(entry.errors()).hasSize(1);
    return entry.errors().get(0);
  }
}
