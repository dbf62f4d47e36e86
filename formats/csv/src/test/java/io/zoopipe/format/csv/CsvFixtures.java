package io.zoopipe.format.csv;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Files and read helpers shared by the CSV tests. */
final class CsvFixtures {
  private CsvFixtures() {}

  static Path write(Path dir, String name, String content) {
    return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path dir, String name, byte[] content) {
    try {
      return Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CsvInputAdapter input(Path file) {
    return new CsvInputAdapter(Location.of(file), CsvOptions.defaults());
  }

  static CsvInputAdapter input(Path file, CsvOptions options) {
    return new CsvInputAdapter(Location.of(file), options);
  }

  static List<Entry> readAll(InputAdapter adapter) throws IOException {
    return readAll(adapter, ColumnSet.all(), 1000);
  }

  static List<Entry> readAll(InputAdapter adapter, ColumnSet columns, int batchSize)
      throws IOException {
    return readAll(StorageFactory.defaults(), adapter, columns, batchSize);
  }

  static List<Entry> readAll(
      StorageFactory storage, InputAdapter adapter, ColumnSet columns, int batchSize)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (RecordReader reader = adapter.open(storage)) {
      for (RawBatch batch = reader.next(batchSize); batch != null; batch = reader.next(batchSize)) {
        entries.addAll(batch.decode(columns));
      }
    }
    return entries;
  }

  /** The raw values of good rows: one map per entry, in order. */
  static List<Map<String, Object>> rows(List<Entry> entries) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Entry entry : entries) {
      rows.add(new LinkedHashMap<>(entry.rawData()));
    }
    return rows;
  }

  /** Everything a reader says about a record except its position (which restarts per shard). */
  record Seen(
      long offset,
      Map<String, Object> raw,
      EntryStatus status,
      List<Violation> errors,
      @Nullable String text) {
    static Seen of(Entry entry) {
      return new Seen(
          entry.offset(),
          new LinkedHashMap<>(entry.fullRawData()),
          entry.status(),
          entry.errors(),
          entry.rawText());
    }
  }

  static List<Seen> seen(List<Entry> entries) {
    List<Seen> seen = new ArrayList<>(entries.size());
    entries.forEach(entry -> seen.add(Seen.of(entry)));
    return seen;
  }
}
