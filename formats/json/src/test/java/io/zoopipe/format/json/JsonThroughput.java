package io.zoopipe.format.json;

import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rough single-thread throughput measurement of the JSON adapters, run by hand (not a test):
 * {@code java -cp <test classpath> io.zoopipe.format.json.JsonThroughput [dir]}. Records have 9
 * string fields. Each phase is repeated and the best round is printed.
 */
final class JsonThroughput {
  private static final int RECORDS = 500_000;
  private static final int BATCH = 1000;
  private static final int ROUNDS = 8;

  private JsonThroughput() {}

  public static void main(String[] args) throws IOException {
    Path dir =
        Files.createTempDirectory(
            args.length > 0 ? Path.of(args[0]) : Path.of("/tmp"), "json-bench");
    List<List<Map<String, Object>>> batches = batches();
    Path lines = dir.resolve("bench.jsonl");
    Path array = dir.resolve("bench.json");
    JsonOutputAdapter linesOutput = new JsonOutputAdapter(lines.toString());
    JsonOutputAdapter arrayOutput = new JsonOutputAdapter(array.toString());

    report("encode only (JSONL)", best(() -> encodeOnly(linesOutput, batches, dir)));
    report("encode + write (JSONL)", best(() -> write(linesOutput, batches)));
    report("encode + write (ARRAY)", best(() -> write(arrayOutput, batches)));
    System.out.printf(
        "file: %d bytes, %.0f bytes/record%n",
        Files.size(lines), (double) Files.size(lines) / RECORDS);
    JsonInputAdapter linesInput = new JsonInputAdapter(Location.of(lines), JsonFormat.JSONL);
    report("frame only (JSONL reader thread)", best(() -> read(linesInput, false)));
    report("frame + decode (JSONL)", best(() -> read(linesInput, true)));
    report(
        "stream + decode (ARRAY reader thread)",
        best(() -> read(new JsonInputAdapter(array.toString()), true)));
    Files.delete(lines);
    Files.delete(array);
    Files.delete(dir);
  }

  private interface Round {
    long run() throws IOException;
  }

  private static double best(Round round) throws IOException {
    double best = 0;
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      long records = round.run();
      double rate = records / ((System.nanoTime() - start) / 1e9);
      best = Math.max(best, rate);
    }
    return best;
  }

  private static void report(String phase, double recordsPerSecond) {
    System.out.printf("%-40s %,12.0f records/s%n", phase, recordsPerSecond);
  }

  private static long encodeOnly(
      JsonOutputAdapter adapter, List<List<Map<String, Object>>> batches, Path dir)
      throws IOException {
    long bytes = 0;
    try (OutputSink sink =
        adapter
            .withLocation(Location.of(dir.resolve("unused.jsonl")))
            .open(StorageFactory.defaults(), context())) {
      for (List<Map<String, Object>> batch : batches) {
        bytes += sink.encode(batch).count();
      }
    }
    return bytes;
  }

  private static long write(JsonOutputAdapter adapter, List<List<Map<String, Object>>> batches)
      throws IOException {
    try (OutputSink sink = adapter.open(StorageFactory.defaults(), context())) {
      for (List<Map<String, Object>> batch : batches) {
        sink.write(sink.encode(batch));
      }
      sink.finish();
      return sink.recordsWritten();
    }
  }

  private static long read(JsonInputAdapter adapter, boolean decode) throws IOException {
    long count = 0;
    try (RecordReader reader = adapter.open(StorageFactory.defaults())) {
      for (RawBatch batch = reader.next(BATCH); batch != null; batch = reader.next(BATCH)) {
        if (decode) {
          List<Entry> entries = batch.decode(ColumnSet.all());
          count += entries.size();
        } else {
          count += batch.size();
        }
      }
    }
    return count;
  }

  private static OutputContext context() {
    return new OutputContext(List.of(), null);
  }

  private static List<List<Map<String, Object>>> batches() {
    List<List<Map<String, Object>>> batches = new ArrayList<>();
    for (int from = 0; from < RECORDS; from += BATCH) {
      List<Map<String, Object>> batch = new ArrayList<>(BATCH);
      for (int i = from; i < from + BATCH; i++) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", "id-" + i);
        record.put("first_name", "First" + (i % 1000));
        record.put("last_name", "Last" + (i % 777));
        record.put("email", "user" + i + "@example.com");
        record.put("city", "City " + (i % 50));
        record.put("country", "CH");
        record.put("phone", "+41 79 " + (1_000_000 + i));
        record.put("status", i % 3 == 0 ? "active" : "inactive");
        record.put("created", "2024-01-" + (10 + i % 18));
        batch.add(record);
      }
      batches.add(batch);
    }
    return batches;
  }
}
