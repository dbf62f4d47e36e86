package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zoopipe.common.adapter.CompactJsonBatch;
import io.zoopipe.common.adapter.JsonLayout;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV batch written straight to JSON ({@link CompactJsonBatch#toJson}) gives exactly the bytes of
 * its decoded rows serialised by Jackson, and exactly the failed entries {@link RawBatch#decode}
 * gives: random rows with quotes, doubled quotes, line breaks, every control character,
 * backslashes, multi-byte and 4-byte UTF-8, mixed with every kind of malformed record, for several
 * dialects, batch sizes and both JSON layouts.
 */
class CsvJsonTranscodingTest {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
  private static final ObjectWriter PLAIN_WRITER =
      MAPPER.writer().withAttribute(CsvRow.PLAIN_UTF8_JSON, Boolean.TRUE);
  private static final JsonLayout LINES = new JsonLayout(new byte[0], new byte[] {'\n'});
  private static final JsonLayout ARRAY = new JsonLayout(new byte[] {',', '\n'}, new byte[0]);
  private static final String[] PIECES = {
    "a",
    "Zoë",
    "日本",
    "😀",
    "\\",
    "/",
    "\t",
    "\b",
    "\f",
    "\u0000",
    "\u0001",
    "\u001f",
    "\u007f",
    "\u0080",
    "\u2028",
    "\uffff",
    "\ufeff",
    " ",
    "x\"y",
    "''",
    "abcdefghijklmnopqrstuvwxyz"
  };

  @TempDir Path dir;

  @Test
  void randomRowsAndEveryMalformedKindMatchTheGeneralPath() throws IOException {
    for (CsvOptions options :
        List.of(
            CsvOptions.defaults().withMaxFieldBytes(60),
            CsvOptions.defaults().withDelimiter('\t').withMaxFieldBytes(60),
            CsvOptions.defaults().withDelimiter(';').withQuote('\'').withMaxFieldBytes(60))) {
      Path file = write(dir, "random.csv", randomCsv(new Random(7), options, 4000));
      int transcoded = 0;
      for (int batchSize : List.of(1, 7, 1000)) {
        for (JsonLayout layout : List.of(LINES, ARRAY)) {
          transcoded += assertSameAsGeneralPath(input(file, options), batchSize, layout);
        }
      }
      assertThat(transcoded).as("rows written by the fast path").isGreaterThan(6 * 3000);
    }
  }

  @Test
  void everyByteInAQuotedAndAnUnquotedFieldMatchesTheGeneralPath() throws IOException {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes("a,b\n".getBytes(StandardCharsets.UTF_8));
    for (int b = 0; b < 256; b++) {
      byte[] text = {'x', (byte) b, 'y'};
      csv.write('"');
      csv.writeBytes(b == '"' ? new byte[] {'x', '"', '"', 'y'} : text);
      csv.write('"');
      csv.write(',');
      csv.writeBytes(b == ',' || b == '\n' || b == '\r' ? new byte[] {'z'} : text);
      csv.write('\n');
    }
    Path file = write(dir, "bytes.csv", csv.toByteArray());

    assertThat(assertSameAsGeneralPath(input(file), 1000, LINES)).isEqualTo(128);
  }

  @Test
  void rowsEndingInCrLfAndEmptyFieldsMatchTheGeneralPath() throws IOException {
    Path file =
        write(dir, "crlf.csv", "a,b,c\r\n1,,\"\"\r\n,\"x\r\ny\",\r\n\"\",\"\",\"\"\r\n,,\n");

    assertThat(assertSameAsGeneralPath(input(file), 1000, LINES)).isEqualTo(4);
  }

  @Test
  void aBatchTheFastPathCannotWriteIsLeftToTheGeneralPath() throws IOException {
    // Column names that JSON escapes, and a charset other than UTF-8.
    Path quotedName = write(dir, "name.csv", "\"a\"\"b\",c\n1,2\n");
    Path latin1 = write(dir, "latin1.csv", "a,b\n1,2\n");

    assertThat(firstBatch(input(quotedName)).toJson(LINES)).isNull();
    assertThat(
            firstBatch(
                    input(latin1, CsvOptions.defaults().withCharset(StandardCharsets.ISO_8859_1)))
                .toJson(LINES))
        .isNull();
  }

  @Test
  void aBatchOfOnlyMalformedRecordsWritesNothingAndFailsThemAll() throws IOException {
    Path file = write(dir, "bad.csv", "a,b\n1\n1,2,3\n\"x,2\n");

    CompactJsonBatch.JsonRows rows = firstBatch(input(file)).toJson(LINES);

    assertThat(rows).isNotNull();
    assertThat(rows.count()).isZero();
    assertThat(rows.length()).isZero();
    assertThat(rows.failed()).hasSize(3).allMatch(e -> e.status() == EntryStatus.FAILED);
  }

  private static CompactJsonBatch firstBatch(CsvInputAdapter adapter) throws IOException {
    try (RecordReader reader = adapter.open(StorageFactory.defaults())) {
      RawBatch batch = reader.next(1000);
      assertThat(batch).isInstanceOf(CompactJsonBatch.class);
      return (CompactJsonBatch) batch;
    }
  }

  /**
   * Reads the file in batches and checks each batch's fast path against its general path; returns
   * how many rows the fast path wrote.
   */
  private static int assertSameAsGeneralPath(
      CsvInputAdapter adapter, int batchSize, JsonLayout layout) throws IOException {
    int transcoded = 0;
    try (RecordReader reader = adapter.open(StorageFactory.defaults())) {
      for (RawBatch batch = reader.next(batchSize); batch != null; batch = reader.next(batchSize)) {
        CompactJsonBatch.JsonRows rows = ((CompactJsonBatch) batch).toJson(layout);
        assertThat(rows).as("the fast path is taken").isNotNull();
        List<Entry> entries = batch.decode(ColumnSet.all());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<CsvFixtures.Seen> expectedFailed = new ArrayList<>();
        int good = 0;
        for (Entry entry : entries) {
          if (entry.status() == EntryStatus.FAILED) {
            expectedFailed.add(CsvFixtures.Seen.of(entry));
            continue;
          }
          if (good++ > 0) {
            expected.writeBytes(layout.separator());
          }
          expected.writeBytes(PLAIN_WRITER.writeValueAsBytes(entry.rawData()));
          expected.writeBytes(layout.terminator());
        }
        byte[] actual = Arrays.copyOf(rows.bytes(), rows.length());
        assertThat(new String(actual, StandardCharsets.UTF_8))
            .isEqualTo(expected.toString(StandardCharsets.UTF_8));
        assertThat(actual).isEqualTo(expected.toByteArray());
        assertThat(rows.count()).isEqualTo(good);
        assertThat(rows.failed()).extracting(CsvFixtures.Seen::of).isEqualTo(expectedFailed);
        assertThat(rows.failed())
            .extracting(Entry::position)
            .isEqualTo(
                entries.stream()
                    .filter(e -> e.status() == EntryStatus.FAILED)
                    .map(Entry::position)
                    .toList());
        transcoded += good;
      }
    }
    return transcoded;
  }

  /** A header and {@code rows} rows of 4 fields, about one in eight of them malformed. */
  static byte[] randomCsv(Random random, CsvOptions options, int rows) {
    char d = options.delimiter();
    char q = options.quote();
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes(
        ("id" + d + "text" + d + "other" + d + "last\n").getBytes(StandardCharsets.UTF_8));
    for (int row = 0; row < rows; row++) {
      switch (random.nextInt(40)) {
        case 0 -> csv.writeBytes(("1" + d + "too" + d + "few\n").getBytes(StandardCharsets.UTF_8));
        case 1 ->
            csv.writeBytes(
                ("1" + d + "too" + d + "many" + d + "fields" + d + "x\n")
                    .getBytes(StandardCharsets.UTF_8));
        case 2 ->
            csv.writeBytes(
                new byte[] {'2', (byte) d, (byte) 0xC3, (byte) d, 'x', (byte) d, 'y', '\n'});
        case 3 ->
            csv.writeBytes(
                new byte[] {
                  '2',
                  (byte) d,
                  (byte) q,
                  (byte) 0xED,
                  (byte) 0xA0,
                  (byte) 0x80,
                  (byte) q,
                  (byte) d,
                  'x',
                  (byte) d,
                  'y',
                  '\n'
                }); // a surrogate
        case 4 ->
            csv.writeBytes(
                ("3" + d + q + "closed" + q + "after" + d + "x" + d + "y\n")
                    .getBytes(StandardCharsets.UTF_8));
        case 5 ->
            csv.writeBytes(
                ("4" + d + "x".repeat(61) + d + "x" + d + "y\n").getBytes(StandardCharsets.UTF_8));
        case 6 ->
            csv.writeBytes(
                ("5" + d + q + "y".repeat(61) + q + d + "x" + d + "y\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        default -> {
          for (int field = 0; field < 4; field++) {
            if (field > 0) {
              csv.write(d);
            }
            csv.writeBytes(field(random, d, q).getBytes(StandardCharsets.UTF_8));
          }
          csv.writeBytes(random.nextInt(5) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
        }
      }
    }
    // An unterminated quote runs to the end of the input.
    csv.writeBytes(("6" + d + q + "never closed\n").getBytes(StandardCharsets.UTF_8));
    return csv.toByteArray();
  }

  private static String field(Random random, char delimiter, char quote) {
    boolean quoted = random.nextBoolean();
    StringBuilder text = new StringBuilder();
    int pieces = random.nextInt(6);
    for (int i = 0; i < pieces; i++) {
      if (quoted && random.nextInt(4) == 0) {
        String[] quotedOnly = {
          String.valueOf(quote), "\n", "\r", "\r\n", String.valueOf(delimiter), "\"", "\\\""
        };
        text.append(quotedOnly[random.nextInt(quotedOnly.length)]);
      } else {
        String piece = PIECES[random.nextInt(PIECES.length)];
        if (piece.indexOf(delimiter) < 0) {
          text.append(piece);
        }
      }
    }
    String q = String.valueOf(quote);
    if (quoted) {
      return q + text.toString().replace(q, q + q) + q;
    }
    String plain = text.toString();
    return plain.startsWith(q) ? "a" + plain : plain;
  }
}
