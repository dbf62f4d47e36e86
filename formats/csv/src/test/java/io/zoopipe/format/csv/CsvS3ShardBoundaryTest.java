package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.seen;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.shard.BoundaryChain;
import io.zoopipe.common.shard.BoundaryChainReader;
import io.zoopipe.common.shard.BoundaryChainReader.ShardRead;
import io.zoopipe.format.csv.CsvFixtures.Seen;
import io.zoopipe.storage.s3.S3ProxyServer;
import io.zoopipe.storage.s3.S3StorageProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shard rule over S3 (beside the fixtures it shares with {@code CsvShardBoundaryTest}): for
 * every cut point of the files of {@link CsvShardBoundaryTest} (quoted line breaks, doubled quotes,
 * multi-byte text, CRLF, malformed rows), shards read from an object with ranged GETs, prefetched
 * in 11-byte chunks so that chunk ends fall everywhere too, yield every record exactly once, in
 * order, as the whole local file does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsvS3ShardBoundaryTest {
  private static final String BUCKET = "shards";

  @TempDir Path dir;
  private S3ProxyServer server;
  private S3Client admin;
  private StorageFactory storage;

  @BeforeAll
  void startServer() throws Exception {
    server = S3ProxyServer.start();
    admin = server.endpoint().adminClient();
    admin.createBucket(b -> b.bucket(BUCKET));
    storage =
        StorageFactory.builder()
            .provider(
                new S3StorageProvider(
                    server
                        .endpoint()
                        .settings()
                        .withPrefetchChunkBytes(11)
                        .withRequestsInFlight(2)))
            .build();
  }

  @AfterAll
  void stopServer() {
    if (storage != null) {
      storage.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.zoopipe.format.csv.CsvShardBoundaryTest#files")
  void everyCutPointOfAnObjectYieldsEveryRecordExactlyOnce(String name, int records, String content)
      throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    admin.putObject(b -> b.bucket(BUCKET).key(name + ".csv"), RequestBody.fromBytes(bytes));
    Location object = Location.parse("s3://" + BUCKET + "/" + name + ".csv");
    CsvInputAdapter base = new CsvInputAdapter(object, CsvOptions.defaults()).withChunkBytes(16);
    BoundaryChainReader chain =
        new BoundaryChainReader(
            storage,
            (range, exact) -> exact ? base.withExactRange(range) : base.withRange(range),
            ColumnSet.all(),
            2);
    List<Seen> whole = seen(readAll(storage, base, ColumnSet.all(), 1000));
    assertThat(whole).hasSize(records);
    Path local = CsvFixtures.write(dir, name + ".csv", content);
    assertThat(whole)
        .isEqualTo(seen(readAll(new CsvInputAdapter(Location.of(local), CsvOptions.defaults()))));

    for (long cut = 1; cut < bytes.length; cut++) {
      List<ShardRead> shards = chain.read(BoundaryChain.cut(bytes.length, cut));

      assertThat(seen(BoundaryChainReader.entries(shards))).as("cut at %d", cut).isEqualTo(whole);
      assertThat(shards.get(1).startOffset()).isEqualTo(shards.get(0).endOffset());
    }
  }
}
