package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetReadTest {
  @TempDir Path directory;

  static List<Object> read(Path file) throws InterruptedException {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    PipeReport report =
        Pipe.builder().input(new ParquetInputAdapter(file.toString())).output(output).build().run();
    assertThat(report.exception()).isNull();
    return output.records();
  }

  @Test
  void readsEveryTypeDuckDbWrites() throws Exception {
    Path file = directory.resolve("types.parquet");
    try (DuckDb duck = new DuckDb()) {
      duck.execute(
          "COPY (SELECT 1::TINYINT AS i8, 2::SMALLINT AS i16, 3::INTEGER AS i32, 4::BIGINT AS i64,"
              + " 1.5::FLOAT AS f32, 2.25::DOUBLE AS f64, true AS flag, 'héllo' AS text,"
              + " '\\x00\\xFF'::BLOB AS bytes, 12345.67::DECIMAL(9,2) AS d9,"
              + " 123456789012.345::DECIMAL(18,3) AS d18,"
              + " 1234567890123456789012.5::DECIMAL(38,1) AS d38, DATE '2024-02-29' AS day,"
              + " TIME '12:34:56.789' AS clock, TIMESTAMP '2024-01-02 03:04:05.123456' AS local_ts,"
              + " TIMESTAMPTZ '2024-01-02 03:04:05.5+00' AS utc_ts,"
              + " TIMESTAMP_MS '2024-01-02 03:04:05.123' AS ms_ts,"
              + " TIMESTAMP_NS '2024-01-02 03:04:05.123456789' AS ns_ts,"
              + " '123e4567-e89b-12d3-a456-426614174000'::UUID AS id,"
              + " [1, 2, NULL] AS numbers, {'a': 1, 'b': 'x'} AS struct,"
              + " MAP {'k1': 10, 'k2': 20} AS mapping, NULL::INTEGER AS nothing)"
              + " TO "
              + DuckDb.quote(file)
              + " (FORMAT parquet)");
    }
    List<Object> records = read(file);
    assertThat(records).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> row = (Map<String, Object>) records.get(0);
    assertThat(row.get("i8")).isEqualTo(1);
    assertThat(row.get("i16")).isEqualTo(2);
    assertThat(row.get("i32")).isEqualTo(3);
    assertThat(row.get("i64")).isEqualTo(4L);
    assertThat(row.get("f32")).isEqualTo(1.5f);
    assertThat(row.get("f64")).isEqualTo(2.25);
    assertThat(row.get("flag")).isEqualTo(true);
    assertThat(row.get("text")).isEqualTo("héllo");
    assertThat((byte[]) row.get("bytes")).containsExactly(0, 0xFF);
    assertThat(row.get("d9")).isEqualTo(new BigDecimal("12345.67"));
    assertThat(row.get("d18")).isEqualTo(new BigDecimal("123456789012.345"));
    assertThat(row.get("d38")).isEqualTo(new BigDecimal("1234567890123456789012.5"));
    assertThat(row.get("day")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(row.get("clock")).isEqualTo(LocalTime.parse("12:34:56.789"));
    assertThat(row.get("local_ts")).isEqualTo(LocalDateTime.parse("2024-01-02T03:04:05.123456"));
    assertThat(row.get("utc_ts")).isEqualTo(Instant.parse("2024-01-02T03:04:05.5Z"));
    assertThat(row.get("ms_ts")).isEqualTo(LocalDateTime.parse("2024-01-02T03:04:05.123"));
    assertThat(row.get("ns_ts")).isEqualTo(LocalDateTime.parse("2024-01-02T03:04:05.123456789"));
    assertThat(row.get("id")).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    assertThat(row.get("numbers")).isEqualTo(java.util.Arrays.asList(1, 2, null));
    assertThat(row.get("struct")).isEqualTo(Map.of("a", 1, "b", "x"));
    assertThat(row.get("mapping")).isEqualTo(Map.of("k1", 10, "k2", 20));
    assertThat(row).containsEntry("nothing", null);
  }
}
