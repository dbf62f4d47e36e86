package io.zoopipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipeExecution;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.format.json.JsonInputAdapter;
import io.zoopipe.format.json.JsonOutputAdapter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two S3 configurations in one JVM: two s3proxy servers, each behind its own {@link
 * StorageFactory}, serve the same {@code s3://} locations to pipes running side by side, and
 * neither sees the other's objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoS3ConfigurationsTest {
  private static final String OUTPUT = "s3://data/users.jsonl";

  private S3ProxyServer east;
  private S3ProxyServer west;
  private StorageFactory eastStorage;
  private StorageFactory westStorage;

  @BeforeAll
  void startServers() throws Exception {
    east = S3ProxyServer.start();
    west = S3ProxyServer.start();
    for (S3ProxyServer server : List.of(east, west)) {
      try (S3Client admin = server.endpoint().adminClient()) {
        admin.createBucket(b -> b.bucket("data"));
      }
    }
    eastStorage = factory(east);
    westStorage = factory(west);
  }

  @AfterAll
  void stopServers() {
    for (AutoCloseable closeable : new AutoCloseable[] {eastStorage, westStorage, east, west}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void pipesRunningSideBySideWriteToTheirOwnEndpoints() throws Exception {
    Pipe toEast = write(eastStorage, "ada");
    Pipe toWest = write(westStorage, "grace");

    PipeReport eastReport;
    PipeReport westReport;
    try (PipeExecution eastRun = toEast.start();
        PipeExecution westRun = toWest.start()) {
      eastReport = eastRun.await();
      westReport = westRun.await();
    }

    assertThat(eastReport.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(westReport.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(read(east)).isEqualTo("{\"name\":\"ada\"}\n");
    assertThat(read(west)).isEqualTo("{\"name\":\"grace\"}\n");
    assertThat(names(eastStorage)).containsExactly("ada");
    assertThat(names(westStorage)).containsExactly("grace");
  }

  @Test
  void eachFactoryKeepsItsOwnSettings() {
    S3Storage eastS3 = (S3Storage) eastStorage.forLocation(Location.parse(OUTPUT));
    S3Storage westS3 = (S3Storage) westStorage.forLocation(Location.parse(OUTPUT));

    assertThat(eastS3).isNotSameAs(westS3);
    assertThat(eastS3.settings().endpoint()).isEqualTo(east.endpoint().uri());
    assertThat(westS3.settings().endpoint()).isEqualTo(west.endpoint().uri());
  }

  private static StorageFactory factory(S3ProxyServer server) {
    return StorageFactory.builder()
        .provider(new S3StorageProvider(server.endpoint().settings()))
        .build();
  }

  private static Pipe write(StorageFactory storage, String name) {
    return Pipe.builder()
        .input(new MemoryInputAdapter(List.of(Map.of("name", name))))
        .output(new JsonOutputAdapter(OUTPUT))
        .storage(storage)
        .build();
  }

  /** The names a pipe reads back from {@link #OUTPUT} through {@code storage}. */
  private static List<String> names(StorageFactory storage) throws InterruptedException {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    PipeReport report =
        Pipe.builder()
            .input(new JsonInputAdapter(OUTPUT))
            .output(output)
            .storage(storage)
            .build()
            .run();
    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    return output.records().stream()
        .map(record -> String.valueOf(((Map<?, ?>) record).get("name")))
        .toList();
  }

  private static String read(S3ProxyServer server) {
    try (S3Client admin = server.endpoint().adminClient()) {
      return admin
          .getObjectAsBytes(b -> b.bucket("data").key("users.jsonl"))
          .asString(StandardCharsets.UTF_8);
    }
  }
}
