package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.ErrorRow;
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

class ParquetSchemaBindingTest {
  @TempDir Path directory;

  record Typed(
      int id,
      String name,
      BigDecimal price,
      LocalDate day,
      LocalTime clock,
      Instant at,
      LocalDateTime local,
      UUID key,
      byte[] bytes,
      List<Integer> numbers,
      Map<String, Integer> counts) {}

  record Narrow(int id, int value) {}

  @Test
  void typedValuesBindToSchemaFieldsDirectly() throws Exception {
    Path file = directory.resolve("typed.parquet");
    try (DuckDb duck = new DuckDb()) {
      duck.execute(
          "COPY (SELECT 7 AS id, 'ann' AS name, 12.50::DECIMAL(10,2) AS price,"
              + " DATE '2020-01-31' AS day, TIME '08:00:01' AS clock,"
              + " TIMESTAMPTZ '2021-05-06 07:08:09+00' AS at,"
              + " TIMESTAMP '2021-05-06 07:08:09.25' AS local,"
              + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID AS key, '\\x01\\x02'::BLOB AS bytes,"
              + " [3, 4] AS numbers, MAP {'x': 1} AS counts, 'unused' AS extra) TO "
              + DuckDb.quote(file)
              + " (FORMAT parquet)");
    }
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    PipeReport report =
        Pipe.builder()
            .input(new ParquetInputAdapter(file.toString()))
            .output(output)
            .schema(Typed.class)
            .build()
            .run();
    assertThat(report.exception()).isNull();
    assertThat(report.successCount()).isEqualTo(1);
    Typed row = (Typed) output.records().get(0);
    assertThat(row.id()).isEqualTo(7);
    assertThat(row.price()).isEqualTo(new BigDecimal("12.50"));
    assertThat(row.day()).isEqualTo(LocalDate.of(2020, 1, 31));
    assertThat(row.clock()).isEqualTo(LocalTime.of(8, 0, 1));
    assertThat(row.at()).isEqualTo(Instant.parse("2021-05-06T07:08:09Z"));
    assertThat(row.local()).isEqualTo(LocalDateTime.parse("2021-05-06T07:08:09.25"));
    assertThat(row.key()).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
    assertThat(row.bytes()).containsExactly(1, 2);
    assertThat(row.numbers()).containsExactly(3, 4);
    assertThat(row.counts()).containsEntry("x", 1);
  }

  @Test
  void aValueThatDoesNotFitIsAnErrorRecordNamingTheField() throws Exception {
    Path file = directory.resolve("wide.parquet");
    try (DuckDb duck = new DuckDb()) {
      duck.execute(
          "COPY (SELECT i AS id, CASE WHEN i = 2 THEN 10000000000 ELSE i END AS value"
              + " FROM range(0, 4) t(i)) TO "
              + DuckDb.quote(file)
              + " (FORMAT parquet, ROW_GROUP_SIZE 2)");
    }
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();
    PipeReport report =
        Pipe.builder()
            .input(new ParquetInputAdapter(file.toString()))
            .output(output)
            .errorOutput(errors)
            .schema(Narrow.class)
            .build()
            .run();
    assertThat(report.successCount()).isEqualTo(3);
    assertThat(report.errorCount()).isEqualTo(1);
    ErrorRow error = (ErrorRow) errors.records().get(0);
    assertThat(error.position()).isEqualTo(2);
    assertThat(error.errors().get(0).field()).isEqualTo("value");
    assertThat(error.errors().get(0).message()).contains("out of range");
    assertThat(error.offset()).as("the row group's offset").isGreaterThanOrEqualTo(4);
  }
}
