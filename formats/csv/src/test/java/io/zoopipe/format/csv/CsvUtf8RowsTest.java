package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.adapter.Utf8RowsBatch;
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
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV batch's values as UTF-8 bytes ({@link Utf8RowsBatch#toUtf8Rows}) are exactly the UTF-8 of
 * the strings its decoded rows hold, and its failed entries exactly those {@link RawBatch#decode}
 * gives: the random rows and every malformed kind of the JSON transcoding test, several dialects
 * and batch sizes, every byte value in quoted and unquoted fields, CRLF and empty fields.
 */
class CsvUtf8RowsTest {
  @TempDir Path dir;

  @Test
  void randomRowsAndEveryMalformedKindMatchTheGeneralPath() throws IOException {
    for (CsvOptions options :
        List.of(
            CsvOptions.defaults().withMaxFieldBytes(60),
            CsvOptions.defaults().withDelimiter('\t').withMaxFieldBytes(60),
            CsvOptions.defaults().withDelimiter(';').withQuote('\'').withMaxFieldBytes(60))) {
      Path file =
          write(dir, "random.csv", CsvJsonTranscodingTest.randomCsv(new Random(11), options, 4000));
      int fast = 0;
      for (int batchSize : List.of(1, 7, 1000)) {
        fast += assertSameAsGeneralPath(input(file, options), batchSize);
      }
      assertThat(fast).as("rows given as bytes").isGreaterThan(3 * 3000);
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

    assertThat(assertSameAsGeneralPath(input(file), 1000)).isEqualTo(128);
  }

  @Test
  void rowsEndingInCrLfAndEmptyFieldsMatchTheGeneralPath() throws IOException {
    Path file =
        write(dir, "crlf.csv", "a,b,c\r\n1,,\"\"\r\n,\"x\r\ny\",\r\n\"\",\"\",\"\"\r\n,,\n");

    assertThat(assertSameAsGeneralPath(input(file), 1000)).isEqualTo(4);
  }

  @Test
  void aCharsetOtherThanUtf8TakesTheGeneralPath() throws IOException {
    Path latin1 = write(dir, "latin1.csv", "a,b\n1,2\n");
    try (RecordReader reader =
        input(latin1, CsvOptions.defaults().withCharset(StandardCharsets.ISO_8859_1))
            .open(StorageFactory.defaults())) {
      assertThat(((Utf8RowsBatch) reader.next(10)).toUtf8Rows()).isNull();
    }
  }

  private static int assertSameAsGeneralPath(CsvInputAdapter adapter, int batchSize)
      throws IOException {
    int fast = 0;
    try (RecordReader reader = adapter.open(StorageFactory.defaults())) {
      for (RawBatch batch = reader.next(batchSize); batch != null; batch = reader.next(batchSize)) {
        Utf8RowsBatch.Utf8Rows rows = ((Utf8RowsBatch) batch).toUtf8Rows();
        assertThat(rows).as("the fast path is taken").isNotNull();
        List<Entry> entries = batch.decode(ColumnSet.all());
        List<List<String>> expected = new ArrayList<>();
        List<CsvFixtures.Seen> expectedFailed = new ArrayList<>();
        for (Entry entry : entries) {
          if (entry.status() == EntryStatus.FAILED) {
            expectedFailed.add(CsvFixtures.Seen.of(entry));
            continue;
          }
          List<String> values = new ArrayList<>();
          for (String column : rows.columns()) {
            values.add((String) ((Map<?, ?>) entry.rawData()).get(column));
          }
          expected.add(values);
        }
        List<List<String>> actual = new ArrayList<>();
        int columns = rows.columns().size();
        for (int r = 0; r < rows.count(); r++) {
          List<String> values = new ArrayList<>();
          for (int c = 0; c < columns; c++) {
            int at = 2 * (r * columns + c);
            byte[] bytes =
                Arrays.copyOfRange(rows.bytes(), rows.bounds()[at], rows.bounds()[at + 1]);
            assertThat(bytes).isEqualTo(expected.get(r).get(c).getBytes(StandardCharsets.UTF_8));
            values.add(new String(bytes, StandardCharsets.UTF_8));
          }
          actual.add(values);
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(rows.failed()).extracting(CsvFixtures.Seen::of).isEqualTo(expectedFailed);
        assertThat(rows.failed())
            .extracting(Entry::position)
            .isEqualTo(
                entries.stream()
                    .filter(e -> e.status() == EntryStatus.FAILED)
                    .map(Entry::position)
                    .toList());
        fast += rows.count();
      }
    }
    return fast;
  }
}
