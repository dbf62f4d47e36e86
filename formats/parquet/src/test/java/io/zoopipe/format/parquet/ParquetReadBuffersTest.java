package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading reuses memory across row groups and pages: a row group's column chunks are read into
 * pooled direct buffers that the next row group reuses, and a record reader decompresses the pages
 * after a chunk's first into arrays it reuses. Every buffer comes back to the pool, most pages
 * reuse an array, and no value read keeps pointing into either: values of earlier pages and row
 * groups, held while later ones are read, are still what the file holds.
 */
class ParquetReadBuffersTest {
  private static final int ROWS = 30_000;
  private static final int COLUMNS = 5;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"uncompressed", "snappy", "zstd"})
  void rowGroupBuffersAreGivenBackAndValuesOutliveThem(String codec) throws Exception {
    Path file = dir.resolve(codec + ".parquet");
    try (DuckDb duck = new DuckDb()) {
      duck.execute(
          "COPY (SELECT i AS id, 'name-' || i AS name, repeat(chr(CAST(97 + i % 26 AS INTEGER)), CAST(i % 40 AS INTEGER)) AS pad,"
              + " CASE WHEN i % 7 = 0 THEN NULL ELSE 'k' || (i % 50) END AS key"
              + " FROM range("
              + ROWS
              + ") t(i)) TO "
              + DuckDb.quote(file)
              + " (FORMAT parquet, COMPRESSION "
              + codec
              + ", ROW_GROUP_SIZE 4096)");
    }
    PageBufferPool pool = new PageBufferPool(64L << 20);
    List<Group> rows = new ArrayList<>();
    int rowGroups = 0;
    // Groups keep the binaries they are given: no page array may be reused under them.
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            new LocalInputFile(file),
            HadoopFreeReadOptions.create(new PageDecompression(false), pool))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        rowGroups++;
        assertThat(pool.lentCount()).isPositive();
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rows.add(records.read());
        }
      }
    }
    assertThat(rowGroups).isGreaterThan(3);
    assertThat(pool.lentCount()).isZero();
    assertThat(pool.idleBytes()).isPositive();
    assertThat(rows).hasSize(ROWS);
    for (int i = 0; i < ROWS; i++) {
      Group row = rows.get(i);
      assertThat(row.getLong("id", 0)).isEqualTo(i);
      assertThat(row.getString("name", 0)).isEqualTo("name-" + i);
      assertThat(row.getString("pad", 0)).isEqualTo(pad(i));
      if (i % 7 == 0) {
        assertThat(row.getFieldRepetitionCount("key")).isZero();
      } else {
        assertThat(row.getString("key", 0)).isEqualTo("k" + (i % 50));
      }
    }
  }

  /**
   * Files of many small pages per column chunk, with and without dictionaries, in every codec read
   * back through the record reader, which reuses page arrays: every value is the one written, and
   * most pages were decompressed into an array used before.
   */
  @ParameterizedTest
  @CsvSource({
    "UNCOMPRESSED, true",
    "UNCOMPRESSED, false",
    "SNAPPY, true",
    "SNAPPY, false",
    "ZSTD, true",
    "ZSTD, false",
    "GZIP, true",
    "LZ4_RAW, false"
  })
  void pagesReusedByTheRecordReaderReadBackEveryValue(String codec, boolean dictionary)
      throws Exception {
    Path file = dir.resolve(codec + "-" + dictionary + ".parquet");
    List<Map<String, Object>> written = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", (long) i);
      row.put("name", "name-" + i);
      row.put("pad", pad(i));
      row.put("key", i % 7 == 3 ? null : "k" + (i % 50));
      row.put("bytes", new byte[] {(byte) i, (byte) (i >> 8), 7});
      written.add(row);
    }
    int chunks;
    ParquetWriteOptions options =
        new ParquetWriteOptions(CompressionCodecName.valueOf(codec), 32 << 10, 2048, dictionary);
    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(written))
            .output(new ParquetOutputAdapter(Location.of(file), options))
            .build()
            .run();
    assertThat(report.exception()).isNull();

    try (ParquetFileReader footer =
        ParquetFileReader.open(new LocalInputFile(file), ParquetFooter.readOptions())) {
      List<BlockMetaData> groups = footer.getRowGroups();
      assertThat(groups).hasSizeGreaterThan(3);
      assertThat(groups.get(0).getColumns()).hasSize(COLUMNS);
      chunks = groups.size() * COLUMNS;
      ColumnChunkMetaData names = groups.get(0).getColumns().get(1);
      assertThat(footer.readOffsetIndex(names).getPageCount()).isGreaterThan(2);
    }

    List<Map<String, Object>> read = new ArrayList<>();
    PageDecompression decompression;
    try (StorageFactory storages = StorageFactory.defaults();
        ParquetRecordReader reader =
            (ParquetRecordReader)
                new ParquetInputAdapter(Location.of(file))
                    .withColumns(ColumnSet.all())
                    .open(storages)) {
      decompression = reader.decompression();
      RawBatch batch;
      while ((batch = reader.next(1000)) != null) {
        for (Entry entry : batch.decode(ColumnSet.all())) {
          read.add(entry.rawData());
        }
      }
    }
    assertThat(read).hasSize(ROWS);
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = read.get(i);
      assertThat(row.get("id")).isEqualTo((long) i);
      assertThat(row.get("name")).isEqualTo("name-" + i);
      assertThat(row.get("pad")).isEqualTo(pad(i));
      assertThat(row.get("key")).isEqualTo(i % 7 == 3 ? null : "k" + (i % 50));
      assertThat((byte[]) row.get("bytes")).containsExactly((byte) i, (byte) (i >> 8), 7);
    }
    assertThat(decompression.pages()).isGreaterThan(100);
    // A fresh array for each chunk's first page, one or two per column while the pool fills; every
    // other page reused one.
    assertThat(decompression.arrays()).isBetween((long) chunks, chunks + 2L * COLUMNS);
    assertThat(decompression.pages() - decompression.arrays())
        .isGreaterThan(decompression.pages() / 2);
  }

  private static String pad(int i) {
    return String.valueOf((char) ('a' + i % 26)).repeat(i % 40);
  }
}
