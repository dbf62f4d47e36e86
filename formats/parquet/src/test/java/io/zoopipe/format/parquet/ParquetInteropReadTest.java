package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files DuckDB writes with several row groups, nulls, nested lists, maps and structs, in each
 * compression ZooPipe reads: ZooPipe reads, row for row, the values DuckDB reads from the same
 * file. Nested values are compared through DuckDB's own element access, so neither side's text
 * rendering of nested values is involved.
 */
class ParquetInteropReadTest {
  private static final int ROWS = 6_000;

  @TempDir Path directory;

  @ParameterizedTest
  @ValueSource(strings = {"uncompressed", "snappy", "gzip", "zstd", "lz4_raw"})
  void readsWhatDuckDbReads(String compression) throws Exception {
    Path file = directory.resolve(compression + ".parquet");
    List<Map<String, Object>> expected;
    try (DuckDb duck = new DuckDb()) {
      duck.execute(
          "COPY (SELECT i AS id,"
              + " CASE WHEN i % 7 = 0 THEN NULL ELSE 'name-' || i END AS text,"
              + " CASE WHEN i % 5 = 0 THEN NULL ELSE i / 4.0 END::DOUBLE AS ratio,"
              + " (i * 3 + 0.25)::DECIMAL(12,2) AS price,"
              + " DATE '2020-01-01' + (i % 3000)::INTEGER AS day,"
              + " TIMESTAMP '2024-01-01 00:00:00' + to_microseconds(i * 1000003) AS at,"
              + " CASE WHEN i % 11 = 0 THEN NULL ELSE [i, NULL, i + 1] END AS numbers,"
              + " MAP(['k' || (i % 3), 'z'], [i, i * 2]) AS mapping,"
              + " {'a': (i % 13)::INTEGER, 'b': CASE WHEN i % 4 = 0 THEN NULL ELSE 'b' || i END}"
              + " AS s"
              + " FROM range(0, "
              + ROWS
              + ") t(i)) TO "
              + DuckDb.quote(file)
              + " (FORMAT parquet, ROW_GROUP_SIZE 1000, COMPRESSION "
              + compression
              + ")");
      String source = "read_parquet(" + DuckDb.quote(file) + ")";
      assertThat(
              Integer.parseInt(
                  duck.text(
                      "SELECT count(DISTINCT row_group_id) FROM parquet_metadata("
                          + DuckDb.quote(file)
                          + ")")))
          .isGreaterThan(2);
      assertThat(
              duck.text(
                  "SELECT DISTINCT compression FROM parquet_metadata(" + DuckDb.quote(file) + ")"))
          .isEqualToIgnoringCase(compression);
      expected =
          duck.query(
              "SELECT id, text, ratio, price, datediff('day', DATE '1970-01-01', day) AS day,"
                  + " epoch_us(\"at\") AS \"at\", len(numbers) AS numbers_length,"
                  + " numbers[1] AS numbers_1, numbers[2] AS numbers_2, numbers[3] AS numbers_3,"
                  + " array_to_string(map_keys(mapping), ',') AS mapping_keys,"
                  + " array_to_string(map_values(mapping), ',') AS mapping_values,"
                  + " s.a AS s_a, s.b AS s_b FROM "
                  + source);
    }

    List<Object> records = ParquetReadTest.read(file);
    List<Map<String, Object>> actual = new ArrayList<>();
    for (Object record : records) {
      actual.add(flatten(asMap(record)));
    }
    assertThat(actual).hasSize(ROWS);
    for (int i = 0; i < ROWS; i++) {
      assertThat(actual.get(i)).as("row %s", i).isEqualTo(normalize(expected.get(i)));
    }
    assertThat(expected).anyMatch(row -> row.get("text") == null);
    assertThat(expected).anyMatch(row -> row.get("numbers_length") == null);
    assertThat(expected).anyMatch(row -> row.get("s_b") == null);
  }

  /** ZooPipe's typed record in the shape of the DuckDB query above. */
  private static Map<String, Object> flatten(Map<String, Object> row) {
    Map<String, Object> flat = new LinkedHashMap<>();
    flat.put("id", row.get("id"));
    flat.put("text", row.get("text"));
    flat.put("ratio", row.get("ratio"));
    flat.put("price", row.get("price"));
    flat.put("day", ((LocalDate) row.get("day")).toEpochDay());
    LocalDateTime at = (LocalDateTime) row.get("at");
    flat.put("at", at.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + at.getNano() / 1_000);
    List<?> numbers = (List<?>) row.get("numbers");
    flat.put("numbers_length", numbers == null ? null : (long) numbers.size());
    for (int i = 0; i < 3; i++) {
      flat.put("numbers_" + (i + 1), numbers == null ? null : numbers.get(i));
    }
    Map<String, Object> mapping = asMap(row.get("mapping"));
    flat.put("mapping_keys", String.join(",", mapping.keySet()));
    flat.put("mapping_values", join(mapping.values()));
    Map<String, Object> struct = asMap(row.get("s"));
    flat.put("s_a", struct.get("a"));
    flat.put("s_b", struct.get("b"));
    return flat;
  }

  /** DuckDB's JDBC values where a Java type differs only by width. */
  private static Map<String, Object> normalize(Map<String, Object> row) {
    Map<String, Object> normal = new LinkedHashMap<>(row);
    normal.computeIfPresent("numbers_length", (key, value) -> ((Number) value).longValue());
    normal.computeIfPresent("day", (key, value) -> ((Number) value).longValue());
    return normal;
  }

  private static String join(Iterable<?> values) {
    List<String> texts = new ArrayList<>();
    for (Object value : values) {
      texts.add(String.valueOf(value));
    }
    return String.join(",", texts);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(@Nullable Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
