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
import io.zoopipe.common.shard.BoundaryChainReader.ShardRead;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.format.csv.CsvFixtures.Seen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shard rule, exhaustively: for every cut point, and every pair of cut points, of small files
 * full of quoted line breaks, doubled quotes, multi-byte text, CRLF, lone CR and mixed endings, the
 * shards read through the {@link BoundaryChain} yield every record exactly once, in order, as one
 * whole-file read does.
 */
class CsvShardBoundaryTest {
  private static final int SMALL_CHUNK = 16;

  @TempDir Path dir;

  static Stream<Arguments> files() {
    return Stream.of(
        Arguments.of(
            "lf-trailing-newline",
            3,
            "id,name,note\n"
                + "1,\"Zoë ☃\",\"line one\nline two\"\n"
                + "2,plain,\"say \"\"hi\"\"\"\n"
                + "3,\"😀 four\",\"a,b\"\n"),
        Arguments.of(
            "crlf-no-trailing-newline",
            3,
            "id,name,note\r\n" + "1,\"x\r\ny\",é\r\n" + "\"2\",\"a\"\"b\",\"\"\r\n" + "3,,\"\n\""),
        Arguments.of(
            "records-hidden-in-a-quoted-field",
            3,
            "id,note\n" + "1,\"first\n2,fake\n3,\"\"fake\"\"\n\"\n" + "4,real\n\n5,\"\"\"\n\"\n"),
        Arguments.of(
            "malformed-rows",
            6,
            "a,b\n" + "1,2\n" + "3\n" + "\"x\"y,4\n" + "ü,\"ok\"\r\n" + "5,\"open\n" + "6,7\n"),
        Arguments.of(
            "lone-cr", 4, "id,note\r" + "1,plain\r" + "2,\"x\ry\"\r" + "3,\"\r\n\"\r\r" + "4,é\r"),
        Arguments.of(
            "mixed-endings",
            6,
            "id,note\n"
                + "1,a\r"
                + "2,\"b\r\"\r\n"
                + "3,c\n"
                + "\r"
                + "4,\"d\n\r\"\r"
                + "5,\"open\r"
                + "6,f"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyCutPointYieldsEveryRecordExactlyOnce(String name, int records, String content)
      throws IOException {
    Path file = write(dir, name + ".csv", content);
    long size = Files.size(file);
    List<Seen> whole = seen(readAll(adapter(file, SMALL_CHUNK)));
    assertThat(whole).hasSize(records);

    for (long cut = 1; cut < size; cut++) {
      for (int chunk : new int[] {SMALL_CHUNK, CsvFramer.DEFAULT_CHUNK_BYTES}) {
        List<ShardRead> shards = chain(file, chunk).read(BoundaryChain.cut(size, cut));

        assertThat(seen(BoundaryChainReader.entries(shards))).as("cut at %d", cut).isEqualTo(whole);
        assertThat(shards.get(1).startOffset()).isEqualTo(shards.get(0).endOffset());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyPairOfCutPointsYieldsEveryRecordExactlyOnce(String name, int records, String content)
      throws IOException {
    Path file = write(dir, name + ".csv", content);
    long size = Files.size(file);
    List<Seen> whole = seen(readAll(adapter(file, SMALL_CHUNK)));
    BoundaryChainReader chain = chain(file, SMALL_CHUNK);

    for (long first = 1; first < size; first++) {
      for (long second = first + 1; second < size; second++) {
        List<ShardRead> shards = chain.read(BoundaryChain.cut(size, first, second));

        assertThat(seen(BoundaryChainReader.entries(shards)))
            .as("cuts at %d and %d", first, second)
            .isEqualTo(whole);
      }
    }
  }

  @Test
  void aBestGuessInsideAQuotedLineBreakIsWrongAndTheChainRereadsIt() throws IOException {
    String content = "id,note\n1,\"first\n2,fake\n\"\n3,real\n";
    Path file = write(dir, "fooled.csv", content);
    long size = Files.size(file);
    List<Seen> whole = seen(readAll(adapter(file, SMALL_CHUNK)));
    long cut = content.indexOf("first"); // inside the quoted field, before its line breaks

    List<Entry> naive = new ArrayList<>();
    for (ByteRange range : BoundaryChain.cut(size, cut)) {
      naive.addAll(readAll(adapter(file, SMALL_CHUNK).withRange(range)));
    }
    List<ShardRead> chained = chain(file, SMALL_CHUNK).read(BoundaryChain.cut(size, cut));

    assertThat(seen(naive)).isNotEqualTo(whole);
    assertThat(naive).extracting(Entry::status).contains(EntryStatus.FAILED);
    assertThat(chained.get(1).reread()).isTrue();
    assertThat(seen(BoundaryChainReader.entries(chained))).isEqualTo(whole);
    assertThat(whole).extracting(Seen::status).containsOnly(EntryStatus.PENDING);
  }

  @Test
  void aShardInsideThePreviousShardsLastRecordOwnsNothing() throws IOException {
    String content = "id,note\n1,\"a long\nquoted\nfield\"\n2,b\n";
    Path file = write(dir, "inside.csv", content);
    long size = Files.size(file);
    long first = content.indexOf("long");
    long second = content.indexOf("field");

    List<ShardRead> shards = chain(file, SMALL_CHUNK).read(BoundaryChain.cut(size, first, second));

    assertThat(shards.get(1).entries()).isEmpty();
    assertThat(shards.get(1).startOffset()).isEqualTo(shards.get(0).endOffset());
    assertThat(seen(BoundaryChainReader.entries(shards)))
        .isEqualTo(seen(readAll(adapter(file, SMALL_CHUNK))));
  }

  private static CsvInputAdapter adapter(Path file, int chunkBytes) {
    return new CsvInputAdapter(Location.of(file), CsvOptions.defaults()).withChunkBytes(chunkBytes);
  }

  private static BoundaryChainReader chain(Path file, int chunkBytes) {
    CsvInputAdapter base = adapter(file, chunkBytes);
    return new BoundaryChainReader(
        StorageFactory.defaults(),
        (range, exact) -> exact ? base.withExactRange(range) : base.withRange(range),
        ColumnSet.all(),
        2);
  }
}
