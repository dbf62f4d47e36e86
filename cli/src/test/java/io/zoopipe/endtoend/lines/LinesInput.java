package io.zoopipe.endtoend.lines;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a local file's lines, or those that start in a byte range (the shard rule): a range that
 * does not start at a known boundary begins after the first line feed before its start. Small files
 * only (it reads the whole file). An immutable value; thread-safe.
 */
final class LinesInput implements InputAdapter {
  private final Path path;
  private final ByteRange range;
  private final boolean exactStart;

  LinesInput(Path path, ByteRange range, boolean exactStart) {
    this.path = path;
    this.range = range;
    this.exactStart = exactStart;
  }

  Location where() {
    if (!range.isAll()) {
      throw new IllegalArgumentException("it is already restricted to a byte range");
    }
    return Location.of(path);
  }

  @Override
  public RecordReader open(StorageFactory storage) throws IOException {
    Location location = Location.of(path);
    try (var in = storage.forLocation(location).open(location, 0, Long.MAX_VALUE)) {
      return new Reader(in.readAllBytes(), range, exactStart);
    }
  }

  @Override
  public boolean isSplittable() {
    return true;
  }

  @Override
  public InputAdapter withRange(ByteRange newRange, boolean exact) {
    return new LinesInput(path, newRange, exact);
  }

  @Override
  public Optional<Location> location() {
    return Optional.of(Location.of(path));
  }

  @Override
  public String describe() {
    return "lines " + path;
  }

  /** Cuts the bytes into lines. Not thread-safe. */
  private static final class Reader implements RecordReader {
    private final byte[] bytes;
    private final long end;
    private final int start;
    private int next;
    private long position;

    Reader(byte[] bytes, ByteRange range, boolean exactStart) {
      this.bytes = bytes;
      this.end = Math.min(range.end(), bytes.length);
      int begin = (int) Math.min(range.start(), bytes.length);
      if (begin > 0 && !exactStart) {
        while (begin < bytes.length && bytes[begin - 1] != '\n') {
          begin++;
        }
      }
      this.start = begin;
      this.next = begin;
    }

    @Override
    public List<String> columns() {
      return List.of(LinesFormat.COLUMN);
    }

    @Override
    public @Nullable RawBatch next(int maxRecords) {
      List<String> lines = new ArrayList<>();
      long first = position;
      while (lines.size() < maxRecords && next < bytes.length && next < end) {
        int feed = next;
        while (feed < bytes.length && bytes[feed] != '\n') {
          feed++;
        }
        lines.add(new String(bytes, next, feed - next, StandardCharsets.UTF_8));
        next = Math.min(bytes.length, feed + 1);
        position++;
      }
      return lines.isEmpty() ? null : new Batch(lines, first);
    }

    @Override
    public long bytesRead() {
      return next - start;
    }

    @Override
    public long expectedBytes() {
      return Math.max(0, end - start);
    }

    @Override
    public long startOffset() {
      return start;
    }

    @Override
    public long endOffset() {
      return next;
    }

    @Override
    public void close() {}
  }

  /** Lines read, decoded into one-column records. */
  private record Batch(List<String> lines, long firstPosition) implements RawBatch {
    @Override
    public int size() {
      return lines.size();
    }

    @Override
    public List<Entry> decode(ColumnSet columns) {
      List<Entry> entries = new ArrayList<>(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(LinesFormat.COLUMN, lines.get(i));
        entries.add(new Entry(record, firstPosition + i, -1, null));
      }
      return entries;
    }
  }
}
