package io.zoopipe.format.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonOutputTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> LIST_OF_MAPS =
      new TypeReference<>() {};
  private static final OutputContext CONTEXT = new OutputContext(List.of(), null);

  @TempDir Path dir;

  @Test
  void jsonLinesRoundTrip() throws IOException {
    List<Map<String, Object>> records = sampleRecords(25);
    Path file = dir.resolve("out.jsonl");

    write(new JsonOutputAdapter(file.toString()), records, 10);
    List<Entry> entries = Reads.readAll(new JsonInputAdapter(file.toString()), 7).entries();

    assertThat(entries).extracting(Entry::rawData).containsExactlyElementsOf(records);
    assertThat(Files.readAllLines(file, UTF_8)).hasSize(25);
  }

  @Test
  void nestedJsonSurvivesInputToOutputUnchanged() throws IOException {
    String text =
        "{\"id\":1,\"tags\":[\"a\",\"b\"],\"address\":{\"city\":\"Zürich\",\"geo\":{\"lat\":47.37,\"lon\":8.54}},\"n\":null}\n"
            + "{\"id\":2,\"matrix\":[[1,2],[3,[4,{\"deep\":true}]]],\"empty\":{},\"none\":[],\"big\":12345678901234567890}\n"
            + "{\"id\":3,\"text\":\"quote \\\" backslash \\\\ tab \\t newline \\n 日本 🦓\",\"neg\":-0.5,\"e\":1.0E-7}\n";
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, text, UTF_8);
    Path lines = dir.resolve("out.jsonl");
    Path array = dir.resolve("out.json");

    List<Object> values =
        Reads.readAll(new JsonInputAdapter(input.toString()), 2).entries().stream()
            .map(Entry::outputValue)
            .toList();
    write(new JsonOutputAdapter(lines.toString()), values, 2);
    write(new JsonOutputAdapter(array.toString()), values, 2);

    assertThat(Files.readString(lines, UTF_8)).isEqualTo(text);
    assertThat(JACKSON.readTree(array.toFile()))
        .isEqualTo(JACKSON.readTree("[" + text.strip().replace("\n", ",") + "]"));
  }

  @Test
  void arrayOutputWrittenOverSeveralBatchesIsOneList() throws IOException {
    List<Map<String, Object>> records = sampleRecords(23);
    Path file = dir.resolve("out.json");

    write(new JsonOutputAdapter(file.toString()), records, 5);

    assertThat(parseList(file)).isEqualTo(records);
    String text = Files.readString(file, UTF_8);
    assertThat(text).startsWith("[\n{").endsWith("}\n]\n");
    assertThat(text.lines()).hasSize(25);
  }

  @Test
  void emptyOutputsAreValid() throws IOException {
    Path array = dir.resolve("empty.json");
    Path lines = dir.resolve("empty.jsonl");

    write(new JsonOutputAdapter(array.toString()), List.of(), 5);
    write(new JsonOutputAdapter(lines.toString()), List.of(), 5);

    assertThat(Files.readString(array)).isEqualTo("[]\n");
    assertThat(parseList(array)).isEmpty();
    assertThat(Files.size(lines)).isZero();
  }

  @Test
  void emptyBatchesWriteNothing() throws IOException {
    Path file = dir.resolve("out.json");

    try (OutputSink sink =
        new JsonOutputAdapter(file.toString()).open(StorageFactory.defaults(), CONTEXT)) {
      sink.write(sink.encode(List.of()));
      sink.write(sink.encode(List.of(Map.of("a", 1))));
      sink.write(sink.encode(List.of()));
      sink.write(sink.encode(List.of(Map.of("a", 2))));
      sink.finish();
      assertThat(sink.recordsWritten()).isEqualTo(2);
    }

    assertThat(Files.readString(file)).isEqualTo("[\n{\"a\":1},\n{\"a\":2}\n]\n");
  }

  @Test
  void indentedArrayIsValidJsonOverSeveralLines() throws IOException {
    List<Map<String, Object>> records = sampleRecords(4);
    Path file = dir.resolve("pretty.json");

    write(new JsonOutputAdapter(file.toString()).withIndent(true), records, 3);

    assertThat(parseList(file)).isEqualTo(records);
    String text = Files.readString(file, UTF_8);
    assertThat(text).startsWith("[\n  {\n    \"id\": 0,").endsWith("  }\n]\n").doesNotContain("\r");
  }

  @Test
  void arrayPartsMergeIntoOneArrayAsDocumented() throws IOException {
    List<Map<String, Object>> records = sampleRecords(9);
    List<List<Map<String, Object>>> shards =
        List.of(records.subList(0, 4), List.of(), records.subList(4, 5), records.subList(5, 9));
    List<Path> parts = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      Path part = dir.resolve("part-" + i + ".json");
      write(new JsonOutputAdapter(part.toString()).withoutEnvelope(), shards.get(i), 3);
      parts.add(part);
    }

    StringBuilder merged = new StringBuilder();
    for (Path part : parts) {
      String content = Files.readString(part, UTF_8);
      if (!content.isEmpty()) {
        merged.append(
            merged.length() == 0
                ? JsonOutputAdapter.ARRAY_OPEN_TEXT
                : JsonOutputAdapter.SEPARATOR_TEXT);
        merged.append(content);
      }
    }
    merged.append(JsonOutputAdapter.ARRAY_CLOSE_TEXT);
    Path whole = dir.resolve("whole.json");
    write(new JsonOutputAdapter(whole.toString()), records, 2);

    assertThat(Files.size(parts.get(1))).isZero();
    assertThat(Files.readString(parts.get(2), UTF_8))
        .doesNotStartWith(",")
        .doesNotEndWith("\n")
        .startsWith("{")
        .endsWith("}");
    assertThat(merged.toString()).isEqualTo(Files.readString(whole, UTF_8));
    assertThat(JACKSON.readValue(merged.toString(), LIST_OF_MAPS)).isEqualTo(records);
  }

  @Test
  void gzipJsonLinesRoundTrip() throws IOException {
    List<Map<String, Object>> records = sampleRecords(50);
    Path file = dir.resolve("out.jsonl.gz");

    write(new JsonOutputAdapter(file.toString()), records, 8);

    assertThat(Files.readAllBytes(file)).startsWith((byte) 0x1f, (byte) 0x8b);
    JsonInputAdapter input = new JsonInputAdapter(file.toString());
    assertThat(input.format()).isEqualTo(JsonFormat.JSONL);
    Reads.Read read = Reads.readAll(input, 7);
    assertThat(read.entries()).extracting(Entry::rawData).containsExactlyElementsOf(records);
    assertThat(read.endOffset()).isEqualTo(Files.size(file));
  }

  @Test
  void zstdArrayRoundTrip() throws IOException {
    List<Map<String, Object>> records = sampleRecords(50);
    Path file = dir.resolve("out.json.zst");

    write(new JsonOutputAdapter(file.toString()), records, 8);

    try (InputStream in = Compression.ZSTD.decompress(Files.newInputStream(file))) {
      assertThat(JACKSON.readValue(in, LIST_OF_MAPS)).isEqualTo(records);
    }
    List<Entry> entries = Reads.readAll(new JsonInputAdapter(file.toString()), 7).entries();
    assertThat(entries).extracting(Entry::rawData).containsExactlyElementsOf(records);
  }

  @Test
  void zstdJsonLinesAndGzipArrayRoundTrip() throws IOException {
    List<Map<String, Object>> records = sampleRecords(5);
    Path lines = dir.resolve("out.ndjson.zst");
    Path array = dir.resolve("out.json.gz");

    write(new JsonOutputAdapter(lines.toString()), records, 2);
    write(new JsonOutputAdapter(array.toString()), records, 2);

    assertThat(Reads.readAll(new JsonInputAdapter(lines.toString()), 3).entries())
        .extracting(Entry::rawData)
        .containsExactlyElementsOf(records);
    assertThat(Reads.readAll(new JsonInputAdapter(array.toString()), 3).entries())
        .extracting(Entry::rawData)
        .containsExactlyElementsOf(records);
  }

  @Test
  void errorRowIsWrittenAsAnObject() throws IOException {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("name", "Zoë");
    raw.put("age", "-3");
    ErrorRow invalid =
        new ErrorRow(
            4,
            120,
            List.of(
                new Violation("age", "must be greater than or equal to 0", "Min"),
                new Violation(null, "row rejected", Violation.HOOK)),
            raw,
            null);
    ErrorRow malformed =
        new ErrorRow(5, 160, List.of(Violation.parse("record 5 is an array")), Map.of(), "[1,2]");
    Path file = dir.resolve("errors.jsonl");

    write(new JsonOutputAdapter(file.toString()), List.of(invalid, malformed), 10);

    assertThat(Files.readAllLines(file, UTF_8))
        .containsExactly(
            "{\"position\":4,\"offset\":120,\"errors\":["
                + "{\"field\":\"age\",\"message\":\"must be greater than or equal to 0\",\"type\":\"Min\"},"
                + "{\"field\":null,\"message\":\"row rejected\",\"type\":\"hook\"}],"
                + "\"raw\":{\"name\":\"Zoë\",\"age\":\"-3\"}}",
            "{\"position\":5,\"offset\":160,\"errors\":["
                + "{\"field\":null,\"message\":\"record 5 is an array\",\"type\":\"parse\"}],"
                + "\"raw\":{},\"raw_text\":\"[1,2]\"}");
  }

  @Test
  void writesRecordsBeansAndJavaTimeValues() throws IOException {
    Path file = dir.resolve("typed.jsonl");
    Object user =
        new User(
            "ann@example.com",
            LocalDate.of(2024, 2, 29),
            Instant.parse("2024-03-01T12:00:00Z"),
            new BigDecimal("1E+3"),
            Optional.empty(),
            Duration.ofMinutes(90));

    write(new JsonOutputAdapter(file.toString()), List.of(user, new Bean(), new Empty()), 10);

    assertThat(Files.readAllLines(file, UTF_8))
        .containsExactly(
            "{\"e_mail\":\"ann@example.com\",\"born\":\"2024-02-29\",\"seen\":\"2024-03-01T12:00:00Z\","
                + "\"balance\":1000,\"nickname\":null,\"session\":\"PT1H30M\"}",
            "{\"name\":\"bean\",\"count\":3}",
            "{}");
  }

  /**
   * Batches encoded while earlier ones wait to be written, as in a run: buffers of written batches
   * are reused for later ones, larger and smaller, and no batch's bytes change before it is
   * written.
   */
  @Test
  void buffersReusedAfterWritesNeverChangeABatchWaitingToBeWritten() throws Exception {
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Map<String, Object> record = new java.util.LinkedHashMap<>();
      record.put("id", i);
      // Batches of short and of long records alternate, so a reused buffer is sometimes too small.
      record.put("text", "x".repeat((i / 100) % 2 == 0 ? 5 : 400));
      records.add(record);
    }
    Path file = dir.resolve("reused.jsonl");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (OutputSink sink =
        new JsonOutputAdapter(file.toString()).open(StorageFactory.defaults(), CONTEXT)) {
      java.util.ArrayDeque<Future<EncodedBatch>> inFlight = new java.util.ArrayDeque<>();
      for (int from = 0; from < records.size(); from += 100) {
        List<Map<String, Object>> batch = records.subList(from, from + 100);
        inFlight.add(pool.submit(() -> sink.encode(batch)));
        if (inFlight.size() == 3) {
          sink.write(inFlight.remove().get(10, TimeUnit.SECONDS));
        }
      }
      while (!inFlight.isEmpty()) {
        sink.write(inFlight.remove().get(10, TimeUnit.SECONDS));
      }
      sink.finish();
    } finally {
      pool.shutdownNow();
    }
    StringBuilder expected = new StringBuilder();
    for (Map<String, Object> record : records) {
      expected
          .append("{\"id\":")
          .append(record.get("id"))
          .append(",\"text\":\"")
          .append(record.get("text"))
          .append("\"}\n");
    }
    assertThat(Files.readString(file)).isEqualTo(expected.toString());
  }

  @Test
  void encodingRunsOnManyThreadsAtOnce() throws Exception {
    List<Map<String, Object>> records = sampleRecords(2000);
    Path file = dir.resolve("parallel.jsonl");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (OutputSink sink =
        new JsonOutputAdapter(file.toString()).open(StorageFactory.defaults(), CONTEXT)) {
      List<Future<EncodedBatch>> encoded = new ArrayList<>();
      for (int from = 0; from < records.size(); from += 50) {
        List<Map<String, Object>> batch = records.subList(from, from + 50);
        encoded.add(pool.submit(() -> sink.encode(batch)));
      }
      for (Future<EncodedBatch> batch : encoded) {
        sink.write(batch.get(10, TimeUnit.SECONDS));
      }
      sink.finish();
    } finally {
      pool.shutdownNow();
    }

    assertThat(Reads.readAll(new JsonInputAdapter(file.toString()), 100).entries())
        .extracting(Entry::rawData)
        .containsExactlyElementsOf(records);
  }

  @Test
  void abortLeavesTheDestinationUntouched() throws IOException {
    Path file = dir.resolve("keep.json");
    Files.writeString(file, "previous");

    try (OutputSink sink =
        new JsonOutputAdapter(file.toString()).open(StorageFactory.defaults(), CONTEXT)) {
      sink.write(sink.encode(sampleRecords(3)));
    }

    assertThat(Files.readString(file)).isEqualTo("previous");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aRecordJacksonCannotWriteFailsTheBatchNamingTheOutput() throws IOException {
    Path file = dir.resolve("out.jsonl");
    Map<String, Object> cyclic = new LinkedHashMap<>();
    cyclic.put("self", cyclic);

    try (OutputSink sink =
        new JsonOutputAdapter(file.toString()).open(StorageFactory.defaults(), CONTEXT)) {
      assertThatThrownBy(() -> sink.encode(List.of(Map.of("a", 1), cyclic)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot write a record of the batch to " + file + " as JSON");
    }
  }

  @Test
  void refusesFormatsThatCannotBeWritten() {
    assertThatThrownBy(() -> new JsonOutputAdapter("out.json", JsonFormat.AUTO))
        .isInstanceOf(PipelineException.class)
        .hasMessage("cannot write out.json as AUTO: choose JSONL or ARRAY");
    assertThatThrownBy(() -> new JsonOutputAdapter("out.jsonl").withIndent(true))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("JSON Lines need one record per line");
  }

  @Test
  void choosesTheFormatFromTheName() {
    assertThat(new JsonOutputAdapter("s3://bucket/out.ndjson.gz").format())
        .isEqualTo(JsonFormat.JSONL);
    assertThat(new JsonOutputAdapter("out.json").format()).isEqualTo(JsonFormat.ARRAY);
    assertThat(new JsonOutputAdapter("out.json").withoutEnvelope().describe())
        .isEqualTo("JSON array part out.json");
    assertThat(new JsonOutputAdapter("out.json"))
        .isEqualTo(new JsonOutputAdapter("out.json", JsonFormat.ARRAY));
  }

  private static void write(JsonOutputAdapter adapter, List<?> records, int batchSize)
      throws IOException {
    try (OutputSink sink = adapter.open(StorageFactory.defaults(), CONTEXT)) {
      for (int from = 0; from < records.size(); from += batchSize) {
        sink.write(sink.encode(records.subList(from, Math.min(records.size(), from + batchSize))));
      }
      sink.finish();
      assertThat(sink.recordsWritten()).isEqualTo(records.size());
    }
  }

  private static List<Map<String, Object>> sampleRecords(int count) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("id", i);
      record.put("name", "user " + i + " ü");
      record.put("score", i + 0.25);
      record.put("active", i % 2 == 0);
      record.put("nested", Map.of("list", List.of(i, "x")));
      records.add(record);
    }
    return records;
  }

  private static List<Map<String, Object>> parseList(Path file) throws IOException {
    return JACKSON.readValue(file.toFile(), LIST_OF_MAPS);
  }

  record User(
      @JsonProperty("e_mail") String email,
      LocalDate born,
      Instant seen,
      BigDecimal balance,
      Optional<String> nickname,
      Duration session) {}

  /** A bean with getters. */
  public static final class Bean {
    public String getName() {
      return "bean";
    }

    public int getCount() {
      return 3;
    }
  }

  /** A class without properties. */
  static final class Empty {}
}
