package io.zoopipe.storage.s3;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.io.StorageProvider;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@code s3://} locations with an {@link S3Storage}. Found by {@link
 * StorageFactory#defaults()} through {@link java.util.ServiceLoader}, it configures the storage
 * from the environment ({@link S3Settings#fromEnvironment(Map)}); given settings ({@code
 * StorageFactory.builder().provider(new S3StorageProvider(settings))}), it uses those. Either way
 * the client is created when an {@code s3://} location is first used. Immutable and thread-safe.
 */
public final class S3StorageProvider implements StorageProvider {
  private final @Nullable S3Settings settings;

  /** Settings from the environment the factory passes (the process's, by default). */
  public S3StorageProvider() {
    this.settings = null;
  }

  /** These settings, whatever the environment says. */
  public S3StorageProvider(S3Settings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  @Override
  public String scheme() {
    return S3Storage.SCHEME;
  }

  @Override
  public Storage create(Map<String, String> environment) {
    return new S3Storage(settings != null ? settings : S3Settings.fromEnvironment(environment));
  }

  @Override
  public String toString() {
    return "S3StorageProvider[" + (settings != null ? settings : "from the environment") + "]";
  }
}
