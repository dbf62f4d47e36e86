package io.zoopipe.endtoend.testing;

import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/** Parquet test files written by ZooPipe itself, and Parquet files read back as records. */
public final class ParquetData {
  private ParquetData() {}

  /**
   * Writes {@code rows} users (id, name, score, day, tags; every 9th score negative; {@code fault}
   * set on row {@code faultRow}) in row groups of about {@code rowGroupBytes}.
   */
  public static Path users(
      Path file, long seed, int rows, long rowGroupBytes, int faultRow, @Nullable String fault)
      throws Exception {
    Random random = new Random(seed);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", (long) i);
      row.put("name", "user-" + random.nextInt(1_000_000) + (i % 11 == 0 ? " ünïcode" : ""));
      row.put("score", i % 9 == 4 ? -random.nextInt(100) - 1 : random.nextInt(1000));
      row.put("day", LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000)));
      row.put("tags", List.of("t" + (i % 3), "x"));
      row.put("fault", i == faultRow ? fault : null);
      records.add(row);
    }
    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(records))
            .output(
                DataDescription.of(
                        Location.of(file),
                        "parquet",
                        FormatOptions.of(
                            Map.of(
                                "row_group_size",
                                Long.toString(rowGroupBytes),
                                "page_size",
                                "1024")))
                    .toOutput())
            .build()
            .run();
    if (report.exception() != null) {
      throw new IllegalStateException("writing " + file + " failed", report.exception());
    }
    return file;
  }

  /** Every record of a Parquet file, as maps of typed values. */
  public static List<Object> read(Path file) throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    PipeReport report =
        Pipe.builder()
            .input(DataDescription.of(Location.of(file)).toInput())
            .output(output)
            .build()
            .run();
    if (report.exception() != null) {
      throw new IllegalStateException("reading " + file + " failed", report.exception());
    }
    return output.records();
  }
}
