package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Piece;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parts assembled into one file by composition (ranges of the parts and a new footer, the row
 * groups never read by this process) against the assembly that streams every part through it.
 */
class ParquetAssemblyTest {
  private static final ParquetWriteOptions OPTIONS =
      new ParquetWriteOptions(CompressionCodecName.SNAPPY, 1024, 1024, true);

  @TempDir Path directory;

  @Test
  void theComposedFileIsTheStreamedFileByteForByte() throws Exception {
    List<Location> parts =
        List.of(part("a.parquet", 0, 700), part("b.parquet", 700, 1), part("c.parquet", 701, 900));
    try (StorageFactory storage = StorageFactory.defaults()) {
      ParquetAssembler assembler = new ParquetAssembler(storage, OPTIONS);
      assertThat(composition(parts, storage)).as("the parts compose").isNotNull();
      Location composed = Location.of(directory.resolve("composed.parquet"));
      Location streamed = Location.of(directory.resolve("streamed.parquet"));

      assembler.assemble(parts, composed, storage.forLocation(composed)).publish();
      assembler.assembleStreaming(parts, streamed, storage.forLocation(streamed)).publish();

      assertThat(Files.readAllBytes(composed.toPath()))
          .isEqualTo(Files.readAllBytes(streamed.toPath()));
    }
    Path file = directory.resolve("composed.parquet");
    try (DuckDb duck = new DuckDb()) {
      String source = "read_parquet(" + DuckDb.quote(file) + ")";
      assertThat(duck.text("SELECT count(*) FROM " + source)).isEqualTo("1601");
      assertThat(duck.text("SELECT sum(id) FROM " + source)).isEqualTo("1280800");
      assertThat(duck.text("SELECT name FROM " + source + " WHERE id = 1234")).isEqualTo("n1234");
      assertThat(
              duck.text(
                  "SELECT count(DISTINCT row_group_id) > 3 FROM parquet_metadata("
                      + DuckDb.quote(file)
                      + ")"))
          .isEqualTo("true");
    }
    List<Object> back = ParquetReadTest.read(file);
    assertThat(back).hasSize(1601);
  }

  @Test
  void aCompositionIsTheFirstPartsHeaderEveryPartsRowGroupsAndOneFooter() throws Exception {
    List<Location> parts = List.of(part("x.parquet", 0, 300), part("y.parquet", 300, 300));
    try (StorageFactory storage = StorageFactory.defaults()) {
      List<Piece> pieces = composition(parts, storage);
      assertThat(pieces).hasSize(3);
      Piece.Range first = (Piece.Range) pieces.get(0);
      Piece.Range second = (Piece.Range) pieces.get(1);
      assertThat(first.source()).isEqualTo(parts.get(0));
      assertThat(first.start()).isZero();
      assertThat(second.source()).isEqualTo(parts.get(1));
      assertThat(second.start()).isEqualTo(4);
      assertThat(pieces.get(2)).isInstanceOf(Piece.Bytes.class);
      byte[] footer = ((Piece.Bytes) pieces.get(2)).bytes();
      assertThat(
              new String(footer, footer.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("PAR1");
      // The row groups end where each part's footer begins.
      long size = Files.size(parts.get(0).toPath());
      assertThat(first.end()).isLessThan(size - 8);
    }
  }

  private List<Piece> composition(List<Location> parts, StorageFactory storage) throws Exception {
    List<ParquetComposition.Part> footers = new ArrayList<>();
    org.apache.parquet.schema.MessageType schema = null;
    Map<String, String> metadata = Map.of();
    for (Location part : parts) {
      try (ParquetFileReader reader =
          ParquetFooter.open(StorageInputFile.open(storage.forLocation(part), part))) {
        schema = ParquetFooter.schema(reader);
        metadata = reader.getFooter().getFileMetaData().getKeyValueMetaData();
        footers.add(new ParquetComposition.Part(part, reader.getRowGroups()));
      }
    }
    return ParquetComposition.of(footers, schema, metadata, OPTIONS.rowGroupBytes());
  }

  record Named(int id, String name) {}

  private Location part(String name, int from, int count) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", Integer.toString(i));
      row.put("name", "n" + i);
      rows.add(row);
    }
    Path file = directory.resolve(name);
    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(rows))
            .output(new ParquetOutputAdapter(Location.of(file), OPTIONS))
            .schema(Named.class)
            .build()
            .run();
    assertThat(report.exception()).isNull();
    return Location.of(file);
  }
}
