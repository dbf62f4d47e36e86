package io.zoopipe.common.adapter.memory;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Records from a fixed list of maps, read in order: positions {@code 0..n-1}, offsets -1. The
 * columns are the first map's keys. Each entry gets its own copy of its map, so hooks may change it
 * and a second run sees the records as given. Not splittable. An immutable value (the maps are
 * copied when it is built); thread-safe.
 */
public final class MemoryInputAdapter implements InputAdapter {
  private final List<Map<String, @Nullable Object>> records;

  public MemoryInputAdapter(List<? extends Map<String, ?>> records) {
    requireNonNull(records, "records is null");
    List<Map<String, @Nullable Object>> copies = new ArrayList<>(records.size());
    for (Map<String, ?> record : records) {
      copies.add(
          Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(record, "record"))));
    }
    this.records = Collections.unmodifiableList(copies);
  }

  /** The records, as given. */
  public List<Map<String, @Nullable Object>> records() {
    return records;
  }

  @Override
  public RecordReader open(StorageFactory storage) {
    return new Reader(records);
  }

  @Override
  public boolean isSplittable() {
    return false;
  }

  @Override
  public Optional<Location> location() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "memory input of " + records.size() + " records";
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof MemoryInputAdapter that && records.equals(that.records);
  }

  @Override
  public int hashCode() {
    return records.hashCode();
  }

  @Override
  public String toString() {
    return "MemoryInputAdapter[" + records.size() + " records]";
  }

  /** Hands out the list in slices. Not thread-safe. */
  private static final class Reader implements RecordReader {
    private final List<Map<String, @Nullable Object>> records;
    private int next;

    Reader(List<Map<String, @Nullable Object>> records) {
      this.records = records;
    }

    @Override
    public List<String> columns() {
      return records.isEmpty() ? List.of() : List.copyOf(records.get(0).keySet());
    }

    @Override
    public @Nullable RawBatch next(int maxRecords) {
      if (maxRecords < 1) {
        throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
      }
      if (next >= records.size()) {
        return null;
      }
      int from = next;
      next = Math.min(records.size(), from + maxRecords);
      return new Batch(records.subList(from, next), from);
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    public long expectedBytes() {
      return -1;
    }

    @Override
    public long startOffset() {
      return 0;
    }

    @Override
    public long endOffset() {
      return 0;
    }

    @Override
    public void close() {}
  }

  /** A slice of the list; every column is materialised, whatever is asked. */
  private record Batch(List<Map<String, @Nullable Object>> records, long firstPosition)
      implements RawBatch {
    @Override
    public int size() {
      return records.size();
    }

    @Override
    public List<Entry> decode(ColumnSet columns) {
      List<Entry> entries = new ArrayList<>(records.size());
      for (int i = 0; i < records.size(); i++) {
        Map<String, Object> copy = new LinkedHashMap<>(records.get(i));
        entries.add(new Entry(copy, firstPosition + i, -1, null));
      }
      return entries;
    }
  }
}
