package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnSlicedWriterTest {
  @TempDir Path directory;

  static final MessageType FLAT =
      MessageTypeParser.parseMessageType(
          "message row { required int32 id; optional int64 count; optional double ratio;"
              + " optional float share; required boolean flag; optional binary name (STRING);"
              + " optional fixed_len_byte_array(16) key (UUID); optional binary city (STRING);"
              + " optional int32 day (DATE); }");

  /** Small row groups and pages, so that a few thousand rows make several of each. */
  static final ParquetWriteOptions SMALL =
      new ParquetWriteOptions(CompressionCodecName.SNAPPY, 16 << 10, 1024, true, 1);

  static List<Object[]> rows(int count) {
    List<Object[]> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] key = new byte[16];
      key[15] = (byte) i;
      key[0] = (byte) (i >> 8);
      rows.add(
          new Object[] {
            i,
            i % 7 == 0 ? null : i * 1_000_000_007L,
            i % 11 == 0 ? null : i / 3.0,
            (float) (i % 13),
            i % 2 == 0,
            i % 5 == 0 ? null : Binary.fromString("name-" + i),
            i % 3 == 0 ? null : Binary.fromConstantByteArray(key),
            Binary.fromString("city-" + (i % 17)),
            i % 9 == 0 ? null : 19_000 + i
          });
    }
    return rows;
  }

  private Path writeSliced(String name, List<Object[]> rows, int slices, int batch)
      throws Exception {
    Path file = directory.resolve(name);
    try (ColumnSlicedWriter writer =
        new ColumnSlicedWriter(
            new LocalOutputFile(file), FLAT, SMALL, ParquetWriters.properties(SMALL), slices)) {
      for (int from = 0; from < rows.size(); from += batch) {
        writer.write(rows.subList(from, Math.min(rows.size(), from + batch)));
      }
    }
    return file;
  }

  private Path writeWithParquetJava(String name, List<Object[]> rows) throws Exception {
    Path file = directory.resolve(name);
    try (ParquetWriter<Object[]> writer =
        ParquetWriters.open(new LocalOutputFile(file), SMALL, () -> new RowWriteSupport(FLAT))) {
      for (Object[] row : rows) {
        writer.write(row);
      }
    }
    return file;
  }

  @Test
  void everySlicingWritesTheSameBytes() throws Exception {
    List<Object[]> rows = rows(5000);
    Path one = writeSliced("one.parquet", rows, 1, 777);
    assertThat(footer(one).getBlocks()).hasSizeGreaterThan(3);
    for (int slices : new int[] {2, 3, 9}) {
      Path sliced = writeSliced("sliced-" + slices + ".parquet", rows, slices, 1000);
      assertThat(Files.readAllBytes(sliced))
          .as("%d slices", slices)
          .isEqualTo(Files.readAllBytes(one));
    }
    assertThat(ParquetReadTest.read(one))
        .isEqualTo(ParquetReadTest.read(writeWithParquetJava("reference.parquet", rows)));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 9, 20})
  void slicesWriteTheSameRowsInTheSameOrder(int slices) throws Exception {
    List<Object[]> rows = rows(5000);
    Path reference = writeWithParquetJava("reference.parquet", rows);
    Path sliced = writeSliced("sliced-" + slices + ".parquet", rows, slices, 1000);
    assertThat(ParquetReadTest.read(sliced)).isEqualTo(ParquetReadTest.read(reference));
    List<Long> rowGroups = new ArrayList<>();
    footer(sliced).getBlocks().forEach(block -> rowGroups.add(block.getRowCount()));
    assertThat(rowGroups).hasSizeGreaterThan(3);
    assertThat(rowGroups.stream().mapToLong(Long::longValue).sum()).isEqualTo(5000);
    try (DuckDb duck = new DuckDb()) {
      String both =
          "(SELECT * FROM read_parquet("
              + DuckDb.quote(sliced)
              + ") EXCEPT ALL SELECT * FROM read_parquet("
              + DuckDb.quote(reference)
              + "))";
      assertThat(duck.text("SELECT count(*) FROM " + both)).isEqualTo("0");
      assertThat(duck.text("SELECT count(*) FROM read_parquet(" + DuckDb.quote(sliced) + ")"))
          .isEqualTo("5000");
      assertThat(
              duck.query(
                  "SELECT id, name, key::VARCHAR AS key, day FROM read_parquet("
                      + DuckDb.quote(sliced)
                      + ") WHERE id = 4097"))
          .containsExactly(
              Map.of(
                  "id",
                  4097,
                  "name",
                  "name-4097",
                  "key",
                  "10000000-0000-0000-0000-000000000001",
                  "day",
                  java.time.LocalDate.ofEpochDay(19_000 + 4097)));
    }
  }

  @Test
  void theColumnsAreCutAgainSoThatTheSlicesTakeAsLong() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message row { required int32 a; required int32 b; required int32 c;"
                + " required int32 d; optional binary text (STRING); }");
    ParquetWriteOptions options =
        new ParquetWriteOptions(CompressionCodecName.UNCOMPRESSED, 3 << 20, 64 << 10, false, 2);
    String text = "x".repeat(2000);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      rows.add(new Object[] {i, i, i, i, Binary.fromString(text + i)});
    }
    Path file = directory.resolve("balanced.parquet");
    try (ColumnSlicedWriter writer =
        new ColumnSlicedWriter(
            new LocalOutputFile(file), schema, options, ParquetWriters.properties(options), 2)) {
      assertThat(writer.sliceStarts()).containsExactly(0, 2);
      for (int round = 0; round < 3; round++) {
        writer.write(rows);
      }
      // The long strings are nearly all the work: their column gets a slice of its own.
      assertThat(writer.sliceStarts()).containsExactly(0, 4);
    }
    assertThat(footer(file).getBlocks()).hasSizeGreaterThan(2);
    List<Object> back = ParquetReadTest.read(file);
    assertThat(back).hasSize(6000);
    assertThat(back.get(4001)).isEqualTo(Map.of("a", 1, "b", 1, "c", 1, "d", 1, "text", text + 1));
  }

  @Test
  void noRowsIsAFileWithNoRowGroups() throws Exception {
    Path sliced = writeSliced("empty.parquet", List.of(), 2, 10);
    assertThat(footer(sliced).getBlocks()).isEmpty();
    assertThat(ParquetReadTest.read(sliced)).isEmpty();
  }

  @Test
  void aValueASliceCannotWriteFailsTheWriteAndTheThreadsStop() throws Exception {
    List<Object[]> rows = rows(10);
    rows.get(4)[8] = "not an int"; // the last column: written by a slice's thread
    Path file = directory.resolve("bad.parquet");
    ColumnSlicedWriter writer =
        new ColumnSlicedWriter(
            new LocalOutputFile(file), FLAT, SMALL, ParquetWriters.properties(SMALL), 3);
    assertThatThrownBy(() -> writer.write(rows)).isInstanceOf(ClassCastException.class);
    assertThat(sliceThreads()).isNotEmpty();
    try {
      writer.close();
    } catch (Exception expected) {
      // closing after a failed write may fail too; what matters is that the threads stop
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!sliceThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sliceThreads()).isEmpty();
  }

  @Test
  void onlyFlatSchemasAreSliced() {
    assertThat(ColumnSlicedWriter.accepts(FLAT)).isTrue();
    assertThat(
            ColumnSlicedWriter.accepts(
                MessageTypeParser.parseMessageType(
                    "message row { required int32 id; optional group item { optional int32 a; } }")))
        .isFalse();
    assertThat(
            ColumnSlicedWriter.accepts(
                MessageTypeParser.parseMessageType(
                    "message row { required int32 id; repeated int32 values; }")))
        .isFalse();
  }

  private static ParquetMetadata footer(Path file) throws Exception {
    try (ParquetFileReader reader =
        ParquetFileReader.open(new LocalInputFile(file), ParquetFooter.readOptions())) {
      return reader.getFooter();
    }
  }

  private static List<String> sliceThreads() {
    List<String> names = new ArrayList<>();
    Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("zoopipe-parquet-") && name.contains("-slice-"))
        .forEach(names::add);
    return names;
  }
}
