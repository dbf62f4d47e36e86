package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.seen;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.shard.BoundaryChain;
import io.zoopipe.common.shard.BoundaryChainReader;
import io.zoopipe.format.csv.CsvFixtures.Seen;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record longer than maxRecordBytes because a quoted field of it holds line breaks is one error
 * record: the reader skips to the record's real end, never resuming inside the field, and memory
 * stays the read buffer.
 */
class CsvOverLimitRecordTest {
  private static final int LIMIT = 64 << 10;
  private static final CsvOptions OPTIONS =
      CsvOptions.defaults().withMaxFieldBytes(LIMIT).withMaxRecordBytes(LIMIT);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {17, 4096, CsvFramer.DEFAULT_CHUNK_BYTES})
  void aQuotedFieldWithLineBreaksOverTheLimitIsOneErrorRecordAndTheNextRecordsAreRead(int chunk)
      throws IOException {
    String field = "a line, with \"\"quotes\"\"\n".repeat((1 << 20) / 24);
    String record = "2,\"" + field + "\",tail";
    String content = "id,text,more\n1,a,b\n" + record + "\r\n3,c,d\n4,\"q\nr\",\"\"\n";
    Path file = write(dir, "long.csv", content);

    List<Entry> entries = readAll(input(file).withChunkBytes(chunk));

    assertThat(entries).hasSize(4);
    Entry bad = entries.get(1);
    assertThat(bad.status()).isEqualTo(EntryStatus.FAILED);
    assertThat(bad.offset()).isEqualTo(19);
    assertThat(bad.errors()).hasSize(1);
    assertThat(bad.errors().get(0).message())
        .isEqualTo(
            "a record of "
                + record.length()
                + " bytes at byte 19 is longer than maxRecordBytes (65536); its quoted field"
                + " opened at byte 21 has line breaks inside, and reading resumed after the"
                + " record's end");
    assertThat(bad.rawText()).startsWith("2,\"a line").endsWith(record.length() + " bytes]");
    assertThat(entries.get(0).rawData()).isEqualTo(Map.of("id", "1", "text", "a", "more", "b"));
    assertThat(entries.get(2).rawData()).isEqualTo(Map.of("id", "3", "text", "c", "more", "d"));
    assertThat(entries.get(3).rawData()).isEqualTo(Map.of("id", "4", "text", "q\nr", "more", ""));
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 4096, CsvFramer.DEFAULT_CHUNK_BYTES})
  void aQuoteThatNeverClosesIsOneErrorRecordToTheEndOfInput(int chunk) throws IOException {
    String tail = "2,\"never closed\n" + "3,x\n".repeat((1 << 20) / 4);
    Path file = write(dir, "open.csv", "id,text\n1,a\n" + tail);

    List<Entry> entries = readAll(input(file).withChunkBytes(chunk));

    assertThat(entries).hasSize(2);
    assertThat(entries.get(1).errors().get(0).message())
        .isEqualTo(
            "unterminated quote from byte 14 to end of input: the record at byte 12 has "
                + tail.length()
                + " bytes, more than maxRecordBytes (65536)");
    assertThat(entries.get(1).rawText()).endsWith(tail.length() + " bytes]");
  }

  @Test
  void skippingAHugeRecordKeepsTheBufferBounded() throws IOException {
    byte[] content =
        ("1,\"" + "x\n".repeat(4 << 20) + "\"\n2,ok\n").getBytes(StandardCharsets.US_ASCII);
    try (CsvFramer framer =
        new CsvFramer(new ByteArrayInputStream(content), 0, OPTIONS, 16 << 10)) {
      assertThat(framer.next()).isTrue();
      assertThat(framer.problem()).contains("longer than maxRecordBytes (65536)");
      assertThat(framer.recordSize()).isEqualTo(content.length - 6);
      assertThat(framer.next()).isTrue();
      assertThat(framer.problem()).isNull();
      assertThat(
              new String(
                  framer.recordBytes(),
                  framer.recordStart(),
                  framer.recordEnd() - framer.recordStart(),
                  StandardCharsets.US_ASCII))
          .isEqualTo("2,ok");
      assertThat(framer.bufferBytes()).isLessThanOrEqualTo(LIMIT + 2 + (16 << 10));
    }
  }

  @Test
  void shardsStartingInsideTheFieldGiveEveryRecordExactlyOnce() throws IOException {
    CsvOptions small = CsvOptions.defaults().withMaxFieldBytes(40).withMaxRecordBytes(40);
    String content =
        "id,text\n1,a\n2,\""
            + "line\n".repeat(20)
            + "\"\n3,\"q\nr\"\n4,\""
            + "x,\n".repeat(20)
            + "\"\"\"\r\n5,\"open\n"
            + "6,b\n".repeat(12);
    Path file = write(dir, "shards.csv", content);
    long size = Files.size(file);
    CsvInputAdapter base = new CsvInputAdapter(Location.of(file), small).withChunkBytes(16);
    List<Seen> whole = seen(readAll(base));
    assertThat(whole).hasSize(5);
    BoundaryChainReader chain =
        new BoundaryChainReader(
            StorageFactory.defaults(),
            (range, exact) -> exact ? base.withExactRange(range) : base.withRange(range),
            ColumnSet.all(),
            2);

    for (long cut = 1; cut < size; cut++) {
      assertThat(seen(BoundaryChainReader.entries(chain.read(BoundaryChain.cut(size, cut)))))
          .as("cut at %d", cut)
          .isEqualTo(whole);
    }
    for (long first = 1; first < size; first += 7) {
      for (long second = first + 1; second < size; second += 5) {
        assertThat(
                seen(
                    BoundaryChainReader.entries(
                        chain.read(BoundaryChain.cut(size, first, second)))))
            .as("cuts at %d and %d", first, second)
            .isEqualTo(whole);
      }
    }
  }

  private static CsvInputAdapter input(Path file) {
    return new CsvInputAdapter(Location.of(file), OPTIONS);
  }
}
