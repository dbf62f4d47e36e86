package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.report.PipeReport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetWriteTest {
  @TempDir Path directory;

  record Item(int id, String name) {}

  record Row(
      int id,
      long count,
      double ratio,
      boolean flag,
      String name,
      BigDecimal price,
      LocalDate day,
      LocalTime clock,
      Instant at,
      LocalDateTime local,
      UUID key,
      List<String> tags,
      Map<String, Integer> counts,
      Item item) {}

  static List<Map<String, Object>> rows(int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", Integer.toString(i));
      row.put("count", Long.toString(i * 1_000_000_000L));
      row.put("ratio", Double.toString(i / 4.0));
      row.put("flag", Boolean.toString(i % 2 == 0));
      row.put("name", i % 5 == 0 ? null : "name-" + i);
      row.put("price", i + ".25");
      row.put("day", LocalDate.of(2024, 1, 1).plusDays(i).toString());
      row.put("clock", LocalTime.of(i % 24, 30).toString());
      row.put("at", Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i).toString());
      row.put("local", LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(i).toString());
      row.put("key", new UUID(i, i).toString());
      row.put("tags", List.of("t" + i, "u"));
      row.put("counts", Map.of("k", i));
      row.put("item", Map.of("id", i, "name", "item" + i));
      rows.add(row);
    }
    return rows;
  }

  private PipeReport write(Path file, ParquetWriteOptions options, int count) throws Exception {
    return Pipe.builder()
        .input(new MemoryInputAdapter(rows(count)))
        .output(new ParquetOutputAdapter(Location.of(file), options))
        .schema(Row.class)
        .build()
        .run();
  }

  @ParameterizedTest
  @EnumSource(
      value = CompressionCodecName.class,
      names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP", "LZ4_RAW"})
  void duckDbReadsWhatWasWritten(CompressionCodecName codec) throws Exception {
    Path file = directory.resolve("out-" + codec + ".parquet");
    ParquetWriteOptions options =
        new ParquetWriteOptions(codec, 4096, 1024, codec.ordinal() % 2 == 0);
    PipeReport report = write(file, options, 500);
    assertThat(report.exception()).isNull();
    assertThat(report.successCount()).isEqualTo(500);
    try (DuckDb duck = new DuckDb()) {
      String source = "read_parquet(" + DuckDb.quote(file) + ")";
      assertThat(duck.text("SELECT count(*) FROM " + source)).isEqualTo("500");
      assertThat(
              duck.text(
                  "SELECT count(*) FROM parquet_metadata("
                      + DuckDb.quote(file)
                      + ") WHERE column_id = 0"))
          .as("several row groups")
          .isNotEqualTo("1");
      assertThat(
              duck.text(
                  "SELECT DISTINCT compression FROM parquet_metadata(" + DuckDb.quote(file) + ")"))
          .isEqualToIgnoringCase(
              codec == CompressionCodecName.UNCOMPRESSED ? "UNCOMPRESSED" : codec.name());
      Map<String, Object> row =
          duck.query(
                  "SELECT \"id\", \"count\", \"ratio\", \"flag\", \"name\","
                      + " \"price\"::VARCHAR AS \"price\", \"day\"::VARCHAR AS \"day\","
                      + " \"clock\"::VARCHAR AS \"clock\", epoch_ms(\"at\") AS \"at\","
                      + " \"local\"::VARCHAR AS \"local\", \"key\"::VARCHAR AS \"key\","
                      + " \"tags\"::VARCHAR AS \"tags\", \"counts\"['k'] AS k,"
                      + " \"item\".\"name\" AS \"item\" FROM "
                      + source
                      + " WHERE id = 7")
              .get(0);
      assertThat(row.get("count")).isEqualTo(7_000_000_000L);
      assertThat(row.get("ratio")).isEqualTo(1.75);
      assertThat(row.get("flag")).isEqualTo(false);
      assertThat(row.get("name")).isEqualTo("name-7");
      assertThat(row.get("price")).isEqualTo("7.250000000000000000");
      assertThat(row.get("day")).isEqualTo("2024-01-08");
      assertThat(row.get("clock")).isEqualTo("07:30:00");
      assertThat(row.get("at")).isEqualTo(1704067207000L);
      assertThat(row.get("local")).isEqualTo("2024-01-01 00:07:00");
      assertThat(row.get("key")).isEqualTo(new UUID(7, 7).toString());
      assertThat(row.get("tags")).isEqualTo("[t7, u]");
      assertThat(row.get("k")).isEqualTo(7);
      assertThat(row.get("item")).isEqualTo("item7");
      assertThat(duck.text("SELECT count(*) FROM " + source + " WHERE name IS NULL"))
          .isEqualTo("100");
    }
    List<Object> back = ParquetReadTest.read(file);
    assertThat(back).hasSize(500);
  }

  @Test
  void withoutATypeTheFirstRecordFixesTheSchemaAndALaterMisfitIsAnErrorRecord() throws Exception {
    Path file = directory.resolve("inferred.parquet");
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(new LinkedHashMap<>(Map.of("id", 1, "name", "a")));
    rows.add(new LinkedHashMap<>(Map.of("id", "two", "name", "b")));
    rows.add(new LinkedHashMap<>(Map.of("id", 3, "name", "c", "extra", true)));
    rows.add(new LinkedHashMap<>(Map.of("id", 4, "name", "d")));
    MemoryOutputAdapter errors = new MemoryOutputAdapter();
    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(rows))
            .output(new ParquetOutputAdapter(file.toString()))
            .errorOutput(errors)
            .build()
            .run();
    assertThat(report.successCount()).isEqualTo(2);
    assertThat(report.errorCount()).isEqualTo(2);
    ErrorRow wrongType = (ErrorRow) errors.records().get(0);
    assertThat(wrongType.errors().get(0).field()).isEqualTo("id");
    assertThat(wrongType.errors().get(0).message()).contains("expected INT32").contains("String");
    ErrorRow extra = (ErrorRow) errors.records().get(1);
    assertThat(extra.errors().get(0).message()).contains("no column 'extra'");
    try (DuckDb duck = new DuckDb()) {
      assertThat(duck.query("SELECT id, name FROM read_parquet(" + DuckDb.quote(file) + ")"))
          .containsExactly(Map.of("id", 1, "name", "a"), Map.of("id", 4, "name", "d"));
    }
  }

  @Test
  void encodeThreadsIsAnOptionThatTravelsOnlyWhenSet() {
    ParquetWriteOptions three =
        ParquetWriteOptions.from(
            io.zoopipe.common.format.FormatOptions.of(Map.of("encode_threads", "3")));
    assertThat(three.encodeThreads()).isEqualTo(3);
    assertThat(three.toOptions().get("encode_threads")).contains("3");
    assertThat(ParquetWriteOptions.DEFAULTS.toOptions().get("encode_threads")).isEmpty();
    assertThat(ParquetWriteOptions.DEFAULTS.encodeThreads())
        .isBetween(1, 4)
        .isEqualTo(Math.min(4, Runtime.getRuntime().availableProcessors()));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ParquetWriteOptions.from(
                    io.zoopipe.common.format.FormatOptions.of(Map.of("encode_threads", "two"))))
        .hasMessage("option encode_threads must be a whole number (1 to 64), got two");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ParquetWriteOptions.from(
                    io.zoopipe.common.format.FormatOptions.of(Map.of("encode_threads", "0"))))
        .hasMessage("encode_threads must be between 1 and 64, got 0");
  }

  @Test
  void columnsEncodedSideBySideWriteWhatOneThreadWrites() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < 12; c++) {
        row.put("c" + c, (i + c) % 9 == 0 ? null : "v" + (i * 31 + c) % 1000);
      }
      rows.add(row);
    }
    List<List<Object>> back = new ArrayList<>();
    for (int threads : new int[] {1, 3}) {
      Path file = directory.resolve("threads-" + threads + ".parquet");
      PipeReport report =
          Pipe.builder()
              .input(new MemoryInputAdapter(rows))
              .output(
                  new ParquetOutputAdapter(
                      Location.of(file),
                      new ParquetWriteOptions(
                          CompressionCodecName.SNAPPY, 8192, 1024, true, threads)))
              .build()
              .run();
      assertThat(report.exception()).isNull();
      assertThat(report.successCount()).isEqualTo(3000);
      back.add(ParquetReadTest.read(file));
    }
    assertThat(back.get(1)).isEqualTo(back.get(0)).hasSize(3000);
    assertThat(back.get(0).get(8)).isEqualTo(rows.get(8));
  }

  @Test
  void parquetErrorOutputHoldsErrorRecords() throws Exception {
    Path errors = directory.resolve("errors.parquet");
    record Strict(int id) {}
    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(List.of(Map.of("id", "x"), Map.of("id", "5"))))
            .output(new MemoryOutputAdapter())
            .errorOutput(new ParquetOutputAdapter(errors.toString()))
            .schema(Strict.class)
            .build()
            .run();
    assertThat(report.errorCount()).isEqualTo(1);
    try (DuckDb duck = new DuckDb()) {
      assertThat(
              duck.text(
                  "SELECT errors[1].field || ': ' || errors[1].message FROM read_parquet("
                      + DuckDb.quote(errors)
                      + ")"))
          .startsWith("id: ");
    }
  }
}
