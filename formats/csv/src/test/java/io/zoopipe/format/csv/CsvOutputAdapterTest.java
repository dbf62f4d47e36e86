package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.rows;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.RecordRejectedException;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvOutputAdapterTest {
  private static final OutputContext NO_CONTEXT = new OutputContext(List.of(), null);

  @TempDir Path dir;

  record User(String name, int age, @JsonProperty("e-mail") @Nullable String email) {}

  /**
   * A bean with getters, written through Jackson: its columns follow its fields' order (Jackson's
   * order for getters alone follows {@code getDeclaredMethods}, which differs between JDKs).
   */
  static final class Point {
    private final int x = 1;
    private final String label = "p";

    public int getX() {
      return x;
    }

    public String getLabel() {
      return label;
    }
  }

  @Test
  void quotesOnlyFieldsThatNeedIt() throws IOException {
    Path file = dir.resolve("out.csv");
    Map<String, @Nullable Object> row = new LinkedHashMap<>();
    row.put("plain", " padded ");
    row.put("comma", "a,b");
    row.put("quote", "say \"hi\"");
    row.put("lf", "a\nb");
    row.put("cr", "a\rb");
    row.put("nothing", null);
    row.put("number", 12.5);
    row.put("flag", true);
    row.put("unicode", "Zoë");

    writeAll(new CsvOutputAdapter(file.toString()), NO_CONTEXT, List.of(row));

    assertThat(Files.readString(file))
        .isEqualTo(
            "plain,comma,quote,lf,cr,nothing,number,flag,unicode\n"
                + " padded ,\"a,b\",\"say \"\"hi\"\"\",\"a\nb\",\"a\rb\",,12.5,true,Zoë\n");
  }

  @Test
  void writesRecordsByComponentHonouringJsonPropertyAndValueTypes() throws IOException {
    Path file = dir.resolve("users.csv");
    record Order(
        long id,
        BigDecimal amount,
        LocalDate day,
        List<String> tags,
        Map<String, Integer> counts) {}

    writeAll(
        new CsvOutputAdapter(file.toString()),
        NO_CONTEXT,
        List.of(new User("Ann", 30, "ann@example.com"), new User("Bob", 40, null)));
    Path orders = dir.resolve("orders.csv");
    writeAll(
        new CsvOutputAdapter(orders.toString()),
        NO_CONTEXT,
        List.of(
            new Order(
                7,
                new BigDecimal("1E+3"),
                LocalDate.of(2024, 2, 29),
                List.of("a", "b"),
                Map.of("x", 1))));

    assertThat(Files.readString(file))
        .isEqualTo("name,age,e-mail\nAnn,30,ann@example.com\nBob,40,\n");
    assertThat(Files.readString(orders))
        .isEqualTo(
            "id,amount,day,tags,counts\n7,1000,2024-02-29,\"[\"\"a\"\",\"\"b\"\"]\",\"{\"\"x\"\":1}\"\n");
  }

  @Test
  void writesOtherObjectsThroughJackson() throws IOException {
    Path file = dir.resolve("beans.csv");

    writeAll(new CsvOutputAdapter(file.toString()), NO_CONTEXT, List.of(new Point()));

    assertThat(Files.readString(file)).isEqualTo("x,label\n1,p\n");
  }

  @Test
  void laterRecordsAreWrittenAgainstTheFirstRecordsColumns() throws IOException {
    Path file = dir.resolve("mixed.csv");
    List<Map<String, Object>> records =
        List.of(Map.of("a", "1"), new LinkedHashMap<>(Map.of("a", "2")), linked("a", "4"));

    writeAll(new CsvOutputAdapter(file.toString()), NO_CONTEXT, records);

    assertThat(Files.readString(file)).isEqualTo("a\n1\n2\n4\n");
  }

  @Test
  void aRecordWithKeysOutsideTheHeaderIsRejectedNamingThem() throws IOException {
    Path file = dir.resolve("mixed.csv");
    List<Map<String, Object>> records =
        List.of(Map.of("a", "1"), linked("b", "3", "a", "4", "extra", "kept"));

    assertThatThrownBy(() -> writeAll(new CsvOutputAdapter(file.toString()), NO_CONTEXT, records))
        .isInstanceOf(RecordRejectedException.class)
        .hasMessageContaining("keys b, extra are not in the CSV output's header [a]");
  }

  @Test
  void outputIsTheSameWhicheverThreadEncodedWhichBatchFirst() throws IOException {
    Path file = dir.resolve("batches.csv");
    try (OutputSink sink =
        new CsvOutputAdapter(file.toString()).open(StorageFactory.defaults(), NO_CONTEXT)) {
      // The second batch is encoded before the first is written, against its own first record.
      EncodedBatch second = sink.encode(List.of(linked("b", "x", "a", "y")));
      EncodedBatch first = sink.encode(List.of(linked("a", "1", "b", "2")));
      sink.write(first);
      sink.write(second);
      sink.finish();

      assertThat(sink.recordsWritten()).isEqualTo(2);
    }

    assertThat(Files.readString(file)).isEqualTo("a,b\n1,2\ny,x\n");
  }

  @Test
  void anEmptyOutputTakesItsHeaderFromTheSchemaElseTheInputColumns() throws IOException {
    Path fromSchema = dir.resolve("schema.csv");
    Path fromInput = dir.resolve("input.csv");
    Path nothing = dir.resolve("nothing.csv");

    writeAll(
        new CsvOutputAdapter(fromSchema.toString()),
        new OutputContext(List.of("x"), User.class),
        List.of());
    writeAll(
        new CsvOutputAdapter(fromInput.toString()),
        new OutputContext(List.of("x", "y"), null),
        List.of());
    writeAll(new CsvOutputAdapter(nothing.toString()), NO_CONTEXT, List.of());

    assertThat(Files.readString(fromSchema)).isEqualTo("name,age,e-mail\n");
    assertThat(Files.readString(fromInput)).isEqualTo("x,y\n");
    assertThat(Files.readString(nothing)).isEmpty();
  }

  @Test
  void writesErrorRowsAsInputColumnsFollowedByTheErrorColumns() throws IOException {
    Path input = write(dir, "in.csv", "id,name\n1,Ann\n2\n");
    List<Entry> entries = readAll(input(input), ColumnSet.of("id"), 10);
    entries.get(0).fail(new Violation("name", "must not be Ann", "Pattern"));
    List<ErrorRow> errors = entries.stream().map(ErrorRow::of).toList();
    Path file = dir.resolve("errors.csv");
    Path empty = dir.resolve("no-errors.csv");

    OutputContext context = new OutputContext(List.of("id", "name"), ErrorRow.class);
    writeAll(new CsvOutputAdapter(file.toString()), context, errors);
    writeAll(new CsvOutputAdapter(empty.toString()), context, List.of());

    assertThat(Files.readString(file))
        .isEqualTo(
            "id,name,_position,_offset,_errors,_raw_text,_raw_base64\n"
                + "1,Ann,0,8,name: must not be Ann (Pattern),,\n"
                + ",,1,14,\"expected 2 fields, found 1 in the record at byte 14 (a delimiter or"
                + " quote may be missing or extra) (parse)\",2,\n");
    assertThat(Files.readString(empty))
        .isEqualTo("id,name,_position,_offset,_errors,_raw_text,_raw_base64\n");
  }

  @Test
  void withoutHeaderWritesOnlyRows() throws IOException {
    Path file = dir.resolve("part-0.csv");

    writeAll(
        new CsvOutputAdapter(file.toString()).withoutHeader(),
        NO_CONTEXT,
        List.of(Map.of("a", "1")));

    assertThat(Files.readString(file)).isEqualTo("1\n");
  }

  @Test
  void fixedColumnsInTheOptionsAreTheHeader() throws IOException {
    Path file = dir.resolve("fixed.csv");
    CsvOptions options = CsvOptions.defaults().withColumns("b", "a").withDelimiter(';');

    writeAll(
        new CsvOutputAdapter(Location.of(file), options),
        NO_CONTEXT,
        List.of(linked("a", "1", "b", "2;3")));

    assertThat(Files.readString(file)).isEqualTo("b;a\n\"2;3\";1\n");
  }

  @Test
  void nothingIsVisibleUntilFinishedAndAbortLeavesNothing() throws IOException {
    Path file = dir.resolve("atomic.csv");
    OutputSink sink =
        new CsvOutputAdapter(file.toString()).open(StorageFactory.defaults(), NO_CONTEXT);
    sink.write(sink.encode(List.of(Map.of("a", "1"))));

    assertThat(file).doesNotExist();
    sink.abort();

    assertThat(file).doesNotExist();
    try (var listing = Files.list(dir)) {
      assertThat(listing).isEmpty();
    }
  }

  @Test
  void refusesAValueTheCharsetCannotHold() throws IOException {
    Path file = dir.resolve("latin.csv");
    CsvOptions latin1 = CsvOptions.defaults().withCharset(StandardCharsets.ISO_8859_1);

    try (OutputSink sink =
        new CsvOutputAdapter(Location.of(file), latin1)
            .open(StorageFactory.defaults(), NO_CONTEXT)) {
      assertThatThrownBy(() -> sink.encode(List.of(Map.of("name", "snow ☃"))))
          .isInstanceOf(PipelineException.class)
          .hasMessageContaining("column 'name' cannot be written in ISO-8859-1");
    }
  }

  @Test
  void refusesALoneSurrogateInUtf8AndWritesPairsAndOtherTextExactly() throws IOException {
    Path file = dir.resolve("utf8.csv");
    try (OutputSink sink =
        new CsvOutputAdapter(Location.of(file), CsvOptions.defaults())
            .open(StorageFactory.defaults(), NO_CONTEXT)) {
      assertThatThrownBy(() -> sink.encode(List.of(Map.of("name", "half \uD83D here"))))
          .isInstanceOf(PipelineException.class)
          .hasMessageContaining("column 'name' cannot be written in UTF-8");
      assertThatThrownBy(() -> sink.encode(List.of(Map.of("name", "reversed \uDE00\uD83D"))))
          .isInstanceOf(PipelineException.class);
    }

    writeAll(
        new CsvOutputAdapter(Location.of(file), CsvOptions.defaults()),
        NO_CONTEXT,
        List.of(Map.of("name", "Zoë 😀, \"ok\""), Map.of("name", "ÿ€中")));

    assertThat(Files.readAllBytes(file))
        .isEqualTo("name\n\"Zoë 😀, \"\"ok\"\"\"\nÿ€中\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesLatin1BytesAndDoublesOnlyQuotes() throws IOException {
    Path file = dir.resolve("latin.csv");
    CsvOptions latin1 = CsvOptions.defaults().withCharset(StandardCharsets.ISO_8859_1);

    writeAll(
        new CsvOutputAdapter(Location.of(file), latin1),
        NO_CONTEXT,
        List.of(Map.of("name", "ÿÿ é"), Map.of("name", "say \"ÿ\", ok")));

    assertThat(Files.readAllBytes(file))
        .isEqualTo("name\nÿÿ é\n\"say \"\"ÿ\"\", ok\"\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"round.csv", "round.csv.gz", "round.csv.zst", "round.tsv"})
  void whatIsWrittenReadsBackTheSame(String name) throws IOException {
    Path file = dir.resolve(name);
    CsvOptions options = name.endsWith(".tsv") ? CsvOptions.tsv() : CsvOptions.defaults();
    List<Map<String, Object>> records = randomRecords(new Random(name.hashCode()), 500);

    writeAll(new CsvOutputAdapter(Location.of(file), options), NO_CONTEXT, records);

    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      switch (Compression.fromFileName(name)) {
        case GZIP -> assertThat(Arrays.copyOf(magic, 2)).containsExactly(0x1f, 0x8b);
        case ZSTD -> assertThat(magic).containsExactly(0x28, 0xb5, 0x2f, 0xfd);
        case NONE -> assertThat(new String(magic, StandardCharsets.UTF_8)).startsWith("c0");
      }
    }
    for (int chunk : new int[] {16, 100, 1 << 20}) {
      CsvInputAdapter adapter = input(file, options).withChunkBytes(chunk);
      assertThat(rows(readAll(adapter, ColumnSet.all(), 7)))
          .as("chunk %d", chunk)
          .isEqualTo(records);
    }
  }

  private static void writeAll(CsvOutputAdapter adapter, OutputContext context, List<?> records)
      throws IOException {
    try (OutputSink sink = adapter.open(StorageFactory.defaults(), context)) {
      for (int start = 0; start < records.size(); start += 100) {
        sink.write(sink.encode(records.subList(start, Math.min(records.size(), start + 100))));
      }
      sink.finish();
    }
  }

  private static Map<String, Object> linked(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Records whose values mix every character that matters to CSV. */
  private static List<Map<String, Object>> randomRecords(Random random, int count) {
    List<String> pieces =
        Arrays.asList("a", "b", " ", ",", "\t", "\"", "\n", "\r\n", "\r", "é", "☃", "😀", "''");
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      for (String column : List.of("c0", "c1", "c2")) {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(6);
        for (int j = 0; j < length; j++) {
          value.append(pieces.get(random.nextInt(pieces.size())));
        }
        record.put(column, value.toString());
      }
      records.add(record);
    }
    return records;
  }
}
