package io.zoopipe.common.io.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.Storages;
import java.io.IOException;
import java.io.InputStream;
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
  void registeredSettingsServeS3LocationsThroughStorages() throws IOException {
    Location location = newLocation("registered.bin");
    byte[] bytes = randomBytes(1_000, 40);
    write(location, bytes);

    S3Storage.register(endpoint().settings());
    try {
      Storage found = Storages.forLocation(location);

      assertThat(found).isInstanceOf(S3Storage.class);
      try (InputStream in = found.open(location, 0, Long.MAX_VALUE)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
    } finally {
      Storages.register(S3Storage.SCHEME, () -> new S3Storage(S3Settings.fromEnvironment()));
    }
  }
}
