package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.report.ErrorRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding on demand ({@link RawBatch#decodeOnDemand}) gives every record exactly what decoding
 * every column up front gives: statuses, errors, error records, raw values and their JSON, on
 * inputs with quoted fields, doubled quotes, line breaks in quotes, CRLF, multi-byte and
 * supplementary characters, invalid bytes, over-long values and records with the wrong number of
 * fields.
 */
class CsvDecodeOnDemandTest {
  private static final List<String> COLUMNS = List.of("a", "b", "c", "d", "e", "f");
  private static final String[] VALUES = {
    "plain", "", "héllo wörld", "日本語", "emoji 🎉", "a,b", "say \"\"hi\"\"", "x", "  spaced  "
  };
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter PLAIN_WRITER =
      MAPPER.writer().withAttribute(CsvRow.PLAIN_UTF8_JSON, Boolean.TRUE);

  @TempDir Path dir;

  @Test
  void everyRecordReadsAsIfEveryColumnWasDecodedUpFront() throws IOException {
    for (long seed = 1; seed <= 12; seed++) {
      Path file = write(dir, "in-" + seed + ".csv", randomCsv(new SplittableRandom(seed), 400));
      CsvOptions options = CsvOptions.defaults().withMaxFieldBytes(40);
      List<Entry> eager = read(file, options, batch -> batch.decode(ColumnSet.all()));
      for (ColumnSet upFront :
          List.of(ColumnSet.none(), ColumnSet.of("b"), ColumnSet.of("a", "e"), ColumnSet.of("f"))) {
        List<Entry> lazy = read(file, options, batch -> batch.decodeOnDemand(upFront));
        assertSameRecords(lazy, eager, new SplittableRandom(seed), "seed " + seed);
      }
    }
  }

  @Test
  void aRowWhoseOtherColumnsAreNeverReadLeavesThemUndecoded() throws IOException {
    Path file = write(dir, "in.csv", "a,b,c\n1,two,3\n4,\"fi,ve\",6\n");

    List<Entry> lazy =
        read(file, CsvOptions.defaults(), batch -> batch.decodeOnDemand(ColumnSet.of("a")));

    CsvRow first = (CsvRow) lazy.get(0).rawData();
    CsvRow second = (CsvRow) lazy.get(1).rawData();
    assertThat(first.get("a")).isEqualTo("1");
    assertThat(first.containsKey("c")).isTrue();
    assertThat(first.undecoded()).isTrue();
    assertThat(second.get("b")).isEqualTo("fi,ve");
    assertThat(second.undecoded()).isFalse();
    assertThat(second)
        .containsExactly(Map.entry("a", "4"), Map.entry("b", "fi,ve"), Map.entry("c", "6"));
  }

  @Test
  void writesRemovesAndAddsOnUndecodedColumnsActAsOnDecodedOnes() throws IOException {
    Path file = write(dir, "in.csv", "a,b,c,d\n1,\"two, quoted\",3,4\n");
    Map<String, Object> eager =
        read(file, CsvOptions.defaults(), batch -> batch.decode(ColumnSet.all())).get(0).rawData();
    Map<String, Object> lazy =
        read(file, CsvOptions.defaults(), batch -> batch.decodeOnDemand(ColumnSet.of("a")))
            .get(0)
            .rawData();

    for (Map<String, Object> raw : List.of(eager, lazy)) {
      assertThat(raw.put("c", "three")).isEqualTo("3");
      assertThat(raw.remove("b")).isEqualTo("two, quoted");
      raw.put("extra", 5);
    }

    assertThat(lazy).containsExactlyEntriesOf(eager);
    assertThat(lazy.get("d")).isEqualTo("4");
  }

  private static void assertSameRecords(
      List<Entry> lazy, List<Entry> eager, SplittableRandom random, String what)
      throws IOException {
    assertThat(lazy).as(what).hasSameSizeAs(eager);
    for (int i = 0; i < eager.size(); i++) {
      Entry e = eager.get(i);
      Entry l = lazy.get(i);
      String record = what + ", record " + i;
      assertThat(l.status()).as(record).isEqualTo(e.status());
      assertThat(l.errors()).as(record).isEqualTo(e.errors());
      assertThat(l.position()).as(record).isEqualTo(e.position());
      assertThat(l.offset()).as(record).isEqualTo(e.offset());
      assertThat(ErrorRow.of(l)).as(record).isEqualTo(ErrorRow.of(e));
      if (e.status() == EntryStatus.FAILED) {
        continue;
      }
      // Some columns one at a time in a random order (each read may decode the rest), then all.
      for (int n = random.nextInt(3); n > 0; n--) {
        String column = COLUMNS.get(random.nextInt(COLUMNS.size()));
        assertThat(l.rawData().get(column))
            .as(record + " " + column)
            .isEqualTo(e.rawData().get(column));
      }
      if (random.nextBoolean()) {
        assertThat(json(PLAIN_WRITER, l.rawData()))
            .as(record)
            .isEqualTo(json(PLAIN_WRITER, e.rawData()));
      } else {
        assertThat(json(MAPPER.writer(), l.rawData()))
            .as(record)
            .isEqualTo(json(MAPPER.writer(), e.rawData()));
      }
      assertThat(new ArrayList<>(l.rawData().entrySet()))
          .as(record)
          .isEqualTo(new ArrayList<>(e.rawData().entrySet()));
    }
  }

  private static String json(ObjectWriter writer, Map<String, Object> row) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.writeValue(out, row);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<Entry> read(
      Path file, CsvOptions options, Function<RawBatch, List<Entry>> decode) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (RecordReader reader = input(file, options).open(StorageFactory.defaults())) {
      for (RawBatch batch = reader.next(37); batch != null; batch = reader.next(37)) {
        entries.addAll(decode.apply(batch));
      }
    }
    return entries;
  }

  /** A header and {@code rows} records, some of them malformed in the ways a reader reports. */
  private static byte[] randomCsv(SplittableRandom random, int rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(String.join(",", COLUMNS).concat("\n").getBytes(StandardCharsets.UTF_8));
    for (int r = 0; r < rows; r++) {
      int fields =
          random.nextInt(30) == 0 ? COLUMNS.size() + random.nextInt(3) - 1 : COLUMNS.size();
      for (int f = 0; f < fields; f++) {
        if (f > 0) {
          out.write(',');
        }
        out.writeBytes(field(random));
      }
      out.writeBytes((random.nextInt(4) == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  private static byte[] field(SplittableRandom random) {
    switch (random.nextInt(24)) {
      case 0:
        return new byte[] {'b', (byte) 0xC3, '('}; // invalid UTF-8
      case 1:
        return "\"closed\"junk".getBytes(StandardCharsets.UTF_8); // bytes after the closing quote
      case 2:
        return "x".repeat(41 + random.nextInt(20)).getBytes(StandardCharsets.UTF_8); // over-long
      case 3:
        return "\"line\nbreak, and \"\"quotes\"\"\"".getBytes(StandardCharsets.UTF_8);
      default:
        String value = VALUES[random.nextInt(VALUES.length)];
        boolean quote = value.contains(",") || value.contains("\"") || random.nextInt(5) == 0;
        return (quote ? "\"" + value + "\"" : value.replace("\"\"", ""))
            .getBytes(StandardCharsets.UTF_8);
    }
  }
}
