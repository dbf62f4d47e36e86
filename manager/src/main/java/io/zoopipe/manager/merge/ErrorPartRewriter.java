package io.zoopipe.manager.merge;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.format.ErrorPartLayout;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the record positions of one shard's error part global: reads the part back with the
 * format's own reader, adds the number of input records read by the shards before it to every error
 * record's position (the field the format's {@link ErrorPartLayout} names), and writes the records
 * again with the format's own part writer, beside the part. What it writes is exactly what the
 * shard would have written had its reader counted from the base: the same encoder writes the same
 * values, and compression by the destination's extension makes it one complete member.
 *
 * <p>Error parts hold failed rows only, so they are small; each is decompressed into a local
 * temporary file (with the layout's head and tail around it: a JSON array part gets its brackets)
 * and read from there. Every record of the part must read back as a record: one that does not, or a
 * count that differs from the shard's error count, fails the rewrite rather than losing a row. A
 * format that shifts positions in the part itself ({@link ErrorPartLayout#shift}, Parquet) does so
 * instead. Stateless apart from its settings; thread-safe.
 */
public final class ErrorPartRewriter {
  private static final int BATCH = 1_000;

  private final StorageFactory storage;
  private final Location destination;
  private final ErrorPartLayout layout;
  private final Location workDirectory;

  /**
   * @param storage where the parts, the copies and the destination are
   * @param destination the merged error output, whose file name gives the compression
   * @param columns the columns every part was written with (empty for formats without a header)
   * @param workDirectory where to write the rewritten parts (the parts' directory or prefix)
   * @throws IllegalArgumentException when the destination's format cannot rewrite its error parts,
   *     or the columns do not fit it
   */
  public ErrorPartRewriter(
      StorageFactory storage,
      DataDescription destination,
      List<String> columns,
      Location workDirectory) {
    this.storage = requireNonNull(storage, "storage is null");
    this.destination = requireNonNull(destination, "destination is null").location();
    this.layout =
        destination
            .provider()
            .errorParts(destination, columns)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the "
                            + destination.format()
                            + " format cannot rewrite the positions of its error parts, so its"
                            + " error output cannot be merged from several shards"));
    this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
  }

  /**
   * Writes a copy of {@code part} whose error records' positions are {@code base} higher.
   *
   * @param name distinguishes this copy from the others of the job (the shard's index, say)
   * @param records how many error records the part holds
   * @return where the copy is; the caller deletes it after the merge
   * @throws IOException when the part cannot be read or written, or does not read back as {@code
   *     records} error records
   */
  public Location rewrite(Location part, String name, long base, long records) throws IOException {
    if (base < 0) {
      throw new IllegalArgumentException("base must be >= 0, got " + base);
    }
    Location target = workDirectory.withSuffix("/" + name + "." + destination.fileName());
    if (layout.shift(storage, part, target, base, records)) {
      return target;
    }
    Path plain = Files.createTempFile("zoopipe-errors-", layout.plainSuffix());
    try {
      copyDecompressed(part, plain);
      OutputAdapter output = layout.writer(target);
      long written;
      try (RecordReader reader = layout.reader(Location.of(plain)).open(storage);
          OutputSink sink = output.open(storage, new OutputContext(List.of(), null))) {
        for (RawBatch batch = reader.next(BATCH); batch != null; batch = reader.next(BATCH)) {
          List<Map<String, Object>> shifted = new ArrayList<>(batch.size());
          for (Entry entry : batch.decode(ColumnSet.all())) {
            shifted.add(shift(entry, part, base));
          }
          sink.write(sink.encode(shifted));
        }
        written = sink.recordsWritten();
        if (written != records) {
          throw new IOException(
              "error part "
                  + part
                  + " reads back as "
                  + written
                  + " records, but its shard reported "
                  + records);
        }
        sink.finish();
      }
      return target;
    } finally {
      Files.deleteIfExists(plain);
    }
  }

  /** The part, decompressed, into {@code plain}, between the layout's head and tail. */
  private void copyDecompressed(Location part, Path plain) throws IOException {
    Compression compression = Compression.fromFileName(part.fileName());
    try (InputStream in =
            compression.decompress(storage.forLocation(part).open(part, 0, Long.MAX_VALUE));
        OutputStream out = Files.newOutputStream(plain)) {
      out.write(layout.head());
      in.transferTo(out);
      out.write(layout.tail());
    }
  }

  private Map<String, Object> shift(Entry entry, Location part, long base) throws IOException {
    if (entry.status() == EntryStatus.FAILED) {
      throw new IOException(
          "error part "
              + part
              + " has a record that cannot be read back at byte "
              + entry.offset()
              + ": "
              + entry.errors());
    }
    Map<String, Object> record = new LinkedHashMap<>(entry.rawData());
    String key = layout.positionField();
    Object position = record.get(key);
    long value;
    try {
      value = Long.parseLong(String.valueOf(position));
    } catch (NumberFormatException e) {
      throw new IOException(
          "error part "
              + part
              + " has a record at byte "
              + entry.offset()
              + " whose "
              + key
              + " is not a position: "
              + position,
          e);
    }
    record.put(key, Math.addExact(value, base));
    return record;
  }
}
