package io.zoopipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The S3 storage contract against s3proxy running inside this JVM. */
class S3StorageTest extends S3StorageContractTest {
  // An instance field: with one instance per class it starts once, before any @BeforeAll.
  private final S3ProxyServer server = startServer();

  @AfterAll
  void stopServer() {
    server.close();
  }

  private static S3ProxyServer startServer() {
    try {
      return S3ProxyServer.start();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not start", e);
    }
  }

  @Override
  protected S3TestEndpoint endpoint() {
    return server.endpoint();
  }

  @Test
  void aProviderWithSettingsServesS3LocationsThroughAFactory() throws IOException {
    Location location = newLocation("provided.bin");
    byte[] bytes = randomBytes(1_000, 40);
    write(location, bytes);

    try (StorageFactory factory =
        StorageFactory.builder().provider(new S3StorageProvider(endpoint().settings())).build()) {
      Storage found = factory.forLocation(location);

      assertThat(found).isInstanceOf(S3Storage.class);
      try (InputStream in = found.open(location, 0, Long.MAX_VALUE)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
    }
  }

  @Test
  void theDiscoveredProviderReadsTheEnvironmentItIsGiven() throws IOException {
    Location location = newLocation("discovered.bin");
    byte[] bytes = randomBytes(500, 41);
    write(location, bytes);
    Map<String, String> environment =
        Map.of(
            "AWS_ENDPOINT_URL_S3", endpoint().uri().toString(),
            "ZOOPIPE_S3_PATH_STYLE", "true",
            "ZOOPIPE_S3_READ_CHUNK_MIB", "2");

    try (StorageFactory factory =
        StorageFactory.builder().discoverProviders().environment(environment).build()) {
      S3Storage found = (S3Storage) factory.forLocation(location);

      assertThat(found.settings().endpoint()).isEqualTo(endpoint().uri());
      assertThat(found.settings().pathStyle()).isTrue();
      assertThat(found.settings().prefetchChunkBytes()).isEqualTo(2 << 20);
    }
  }
}
