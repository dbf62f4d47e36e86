package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.format.ErrorPartLayout;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet error parts: a part's positions are shifted in the file, with the part's own schema, so
 * that the copy is assembled with unshifted parts into one file of error records.
 */
class ParquetErrorPartsTest {
  @TempDir Path directory;

  record Strict(int id) {}

  @Test
  void shiftedPartKeepsItsSchemaAndRecordsWithPositionsHigher() throws Exception {
    Path part = errorPart("part.parquet");
    Path shifted = directory.resolve("shifted.parquet");
    ErrorPartLayout layout =
        new ParquetFormat()
            .errorParts(
                DataDescription.of(Location.of(part), "parquet", FormatOptions.none()), List.of())
            .orElseThrow();
    try (StorageFactory storage = StorageFactory.defaults()) {
      assertThat(layout.shift(storage, Location.of(part), Location.of(shifted), 1_000, 3)).isTrue();
      assertThat(schema(shifted, storage)).isEqualTo(schema(part, storage));
      Path assembled = directory.resolve("assembled.parquet");
      new ParquetOutputAdapter(Location.of(assembled))
          .assemble(
              List.of(Location.of(part), Location.of(shifted)),
              Location.of(assembled),
              Location.of(directory),
              storage)
          .publish();

      List<Map<String, Object>> original = read(part);
      List<Map<String, Object>> expected = new ArrayList<>(original);
      for (Map<String, Object> record : original) {
        Map<String, Object> moved = new LinkedHashMap<>(record);
        moved.put("position", (Long) record.get("position") + 1_000);
        expected.add(moved);
      }
      assertThat(read(shifted)).isEqualTo(expected.subList(3, 6));
      assertThat(read(assembled)).isEqualTo(expected);
      assertThat(original).extracting(r -> r.get("position")).containsExactly(0L, 2L, 4L);
    }
  }

  @Test
  void aPartThatHoldsOtherThanItsShardsCountFailsTheShift() throws Exception {
    Path part = errorPart("part.parquet");
    ErrorPartLayout layout = new ParquetErrorParts(ParquetWriteOptions.DEFAULTS);
    try (StorageFactory storage = StorageFactory.defaults()) {
      Location target = Location.of(directory.resolve("shifted.parquet"));
      assertThatThrownBy(() -> layout.shift(storage, Location.of(part), target, 10, 4))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("holds 3 records, but its shard reported 4");
      assertThat(directory.resolve("shifted.parquet")).doesNotExist();
    }
  }

  /** An error part of three error records, at positions 0, 2 and 4. */
  private Path errorPart(String name) throws Exception {
    Path part = directory.resolve(name);
    List<Map<String, Object>> input = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      input.add(Map.of("id", i % 2 == 0 ? "bad-" + i : Integer.toString(i)));
    }
    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(input))
            .output(new MemoryOutputAdapter())
            .errorOutput(new ParquetOutputAdapter(Location.of(part)))
            .schema(Strict.class)
            .build()
            .run();
    assertThat(report.errorCount()).isEqualTo(3);
    assertThat(Files.exists(part)).isTrue();
    return part;
  }

  private static String schema(Path file, StorageFactory storage) throws IOException {
    Location location = Location.of(file);
    try (var reader =
        ParquetFooter.open(StorageInputFile.open(storage.forLocation(location), location))) {
      return ParquetFooter.schema(reader).toString();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> read(Path file) throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    PipeReport report =
        Pipe.builder()
            .input(new ParquetInputAdapter(Location.of(file)))
            .output(output)
            .build()
            .run();
    assertThat(report.exception()).isNull();
    List<Map<String, Object>> records = new ArrayList<>();
    output.records().forEach(record -> records.add((Map<String, Object>) record));
    return records;
  }
}
