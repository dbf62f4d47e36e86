package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.rows;
import static io.zoopipe.format.csv.CsvFixtures.seen;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.CompactJsonBatch;
import io.zoopipe.common.adapter.CompactJsonBatch.JsonRows;
import io.zoopipe.common.adapter.JsonLayout;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.shard.BoundaryChain;
import io.zoopipe.common.shard.BoundaryChainReader;
import io.zoopipe.common.shard.BoundaryChainReader.ShardRead;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record ends at a line feed, a CRLF or a lone carriage return outside quotes, as in Jackson CSV,
 * Commons CSV and FastCSV; a CRLF is one terminator wherever the read chunks or the shards are cut.
 */
class CsvLineEndingsTest {
  @TempDir Path dir;

  @Test
  void aLoneCarriageReturnEndsARecord() throws IOException {
    Path file = write(dir, "mac.csv", "a,b\r1,2\r3,4\r");

    List<Entry> entries = readAll(input(file));

    assertThat(rows(entries))
        .containsExactly(Map.of("a", "1", "b", "2"), Map.of("a", "3", "b", "4"));
    assertThat(entries).extracting(Entry::offset).containsExactly(4L, 8L);
  }

  @Test
  void mixedEndingsGiveEveryRecordOnce() throws IOException {
    Path file = write(dir, "mixed.csv", "a,b\n1,2\r3,4\r\n5,6\n7,8");

    List<Entry> entries = readAll(input(file));

    assertThat(entries).extracting(Entry::status).containsOnly(EntryStatus.PENDING);
    assertThat(rows(entries))
        .containsExactly(
            Map.of("a", "1", "b", "2"),
            Map.of("a", "3", "b", "4"),
            Map.of("a", "5", "b", "6"),
            Map.of("a", "7", "b", "8"));
    assertThat(entries).extracting(Entry::offset).containsExactly(4L, 8L, 13L, 17L);
  }

  @Test
  void aCarriageReturnInsideAQuotedFieldIsData() throws IOException {
    Path file = write(dir, "quoted.csv", "a,b\r1,\"x\ry\"\r2,\"\r\n\"\r");

    List<Entry> entries = readAll(input(file));

    assertThat(rows(entries))
        .containsExactly(Map.of("a", "1", "b", "x\ry"), Map.of("a", "2", "b", "\r\n"));
  }

  @Test
  void aBlankLineEndedByACarriageReturnIsSkipped() throws IOException {
    Path file = write(dir, "blank.csv", "a,b\r\r1,2\r\n\r\n3,4\n\r");

    List<Entry> entries = readAll(input(file));

    assertThat(rows(entries))
        .containsExactly(Map.of("a", "1", "b", "2"), Map.of("a", "3", "b", "4"));
  }

  @Test
  void aCrlfSplitByTheReadChunkIsOneTerminator() throws IOException {
    StringBuilder content = new StringBuilder("a,b\r\n");
    for (int i = 0; i < 40; i++) {
      content.append(i).append(",").append("v".repeat(i % 7)).append(i % 3 == 0 ? "\r" : "\r\n");
    }
    Path file = write(dir, "chunks.csv", content.toString());
    List<Entry> whole = readAll(input(file));

    for (int chunk = 16; chunk < 40; chunk++) {
      assertThat(seen(readAll(input(file).withChunkBytes(chunk))))
          .as("chunk %d", chunk)
          .isEqualTo(seen(whole));
    }
    assertThat(whole).hasSize(40);
    assertThat(whole).extracting(Entry::status).containsOnly(EntryStatus.PENDING);
  }

  @Test
  void aShardCutBetweenTheCarriageReturnAndTheLineFeedStartsAfterTheLineFeed() throws IOException {
    String content = "a,b\r\n1,2\r\n3,4\r\n";
    Path file = write(dir, "cut.csv", content);
    long cut = content.indexOf("1,2\r\n") + 4; // just before the line feed

    List<Entry> second =
        readAll(input(file).withRange(new ByteRange(cut, content.length())), ColumnSet.all(), 10);
    List<ShardRead> shards = chain(input(file)).read(BoundaryChain.cut(content.length(), cut));

    assertThat(rows(second)).containsExactly(Map.of("a", "3", "b", "4"));
    assertThat(second.get(0).offset()).isEqualTo(cut + 1);
    assertThat(shards.get(0).endOffset()).isEqualTo(cut + 1);
    assertThat(shards.get(1).reread()).isFalse();
  }

  @Test
  void theJsonFastPathEndsRecordsAtALoneCarriageReturn() throws IOException {
    Path file = write(dir, "fast.csv", "a,b\r1,2\r3,4\r\n5,6");

    JsonLayout lines = new JsonLayout(new byte[0], new byte[] {'\n'});

    try (RecordReader reader = input(file).open(StorageFactory.defaults())) {
      RawBatch batch = reader.next(10);
      assertThat(batch).isInstanceOf(CompactJsonBatch.class);
      JsonRows json = ((CompactJsonBatch) batch).toJson(lines);

      assertThat(json).isNotNull();
      assertThat(json.failed()).isEmpty();
      assertThat(new String(json.bytes(), 0, json.length(), StandardCharsets.UTF_8))
          .isEqualTo(
              "{\"a\":\"1\",\"b\":\"2\"}\n{\"a\":\"3\",\"b\":\"4\"}\n{\"a\":\"5\",\"b\":\"6\"}\n");
    }
  }

  private static BoundaryChainReader chain(CsvInputAdapter base) {
    return new BoundaryChainReader(
        StorageFactory.defaults(),
        (range, exact) -> exact ? base.withExactRange(range) : base.withRange(range),
        ColumnSet.all(),
        2);
  }
}
