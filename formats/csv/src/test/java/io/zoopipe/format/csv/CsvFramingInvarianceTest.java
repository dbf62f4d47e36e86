package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.seen;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.shard.BoundaryChain;
import io.zoopipe.common.shard.BoundaryChainReader;
import io.zoopipe.format.csv.CsvFixtures.Seen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random inputs full of quotes, delimiters and line breaks, with tiny field and record limits so
 * that unterminated quotes and over-long records are common: how records are framed must not depend
 * on the read chunk size, and shards through the chain must read as the whole file does.
 */
class CsvFramingInvarianceTest {
  private static final String[] PIECES = {
    "a", "bc", ",", ",", "\"", "\"\"", "\n", "\n", "\r\n", "\r", "é", "😀", " "
  };
  private static final CsvOptions TIGHT =
      CsvOptions.defaults().withColumns("x", "y", "z").withMaxFieldBytes(12).withMaxRecordBytes(30);

  @TempDir Path dir;

  /** Seeds 1..12, or as many as {@code -Dzoopipe.fuzzSeeds=N} asks for a longer search. */
  static LongStream seeds() {
    return LongStream.rangeClosed(1, Long.getLong("zoopipe.fuzzSeeds", 12));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void framingDoesNotDependOnChunkSizeOrShardCuts(long seed) throws IOException {
    // Odd seeds name the columns explicitly; even ones make every shard read the file's header.
    CsvOptions options = seed % 2 == 1 ? TIGHT : TIGHT.withColumns(List.of());
    Random random = new Random(seed);
    StringBuilder content = new StringBuilder("x,y,z\n");
    for (int i = 0; i < 150; i++) {
      content.append(PIECES[random.nextInt(PIECES.length)]);
    }
    Path file = write(dir, "random-" + seed + ".csv", content.toString());
    long size = Files.size(file);
    CsvInputAdapter base = new CsvInputAdapter(Location.of(file), options);
    List<Seen> whole = seen(readAll(base.withChunkBytes(1 << 20)));

    for (int chunk : new int[] {16, 17, 19, 23, 31, 40, 64}) {
      assertThat(seen(readAll(base.withChunkBytes(chunk), ColumnSet.all(), 3)))
          .as("chunk %d", chunk)
          .isEqualTo(whole);
    }
    BoundaryChainReader chain =
        new BoundaryChainReader(
            StorageFactory.defaults(),
            (range, exact) ->
                (exact ? base.withExactRange(range) : base.withRange(range)).withChunkBytes(16),
            ColumnSet.all(),
            4);
    for (int trial = 0; trial < 40; trial++) {
      long[] cuts =
          LongStream.generate(() -> 1 + random.nextInt((int) size - 1))
              .limit(1 + random.nextInt(4))
              .sorted()
              .distinct()
              .toArray();
      assertThat(seen(BoundaryChainReader.entries(chain.read(BoundaryChain.cut(size, cuts)))))
          .as("cuts %s", java.util.Arrays.toString(cuts))
          .isEqualTo(whole);
    }
    assertThat(whole).extracting(Seen::status).contains(EntryStatus.FAILED);
  }
}
