package io.zoopipe.common.io;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.local.LocalStorage;
import io.zoopipe.common.io.s3.S3Settings;
import io.zoopipe.common.io.s3.S3Storage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Finds the {@link Storage} for a location's scheme. Local files and {@code s3://} (configured by
 * {@link S3Settings#fromEnvironment()} unless {@link S3Storage#register(S3Settings)} says
 * otherwise) are always there; other schemes are registered by the modules that implement them.
 * Storages are created on first use. Thread-safe.
 */
public final class Storages {
  private static final Map<String, Supplier<Storage>> factories = new ConcurrentHashMap<>();
  private static final Map<String, Storage> instances = new ConcurrentHashMap<>();

  static {
    register(Location.FILE, LocalStorage::new);
    register(S3Storage.SCHEME, () -> new S3Storage(S3Settings.fromEnvironment()));
  }

  private Storages() {}

  /** Registers (or replaces) the storage for {@code scheme}; an existing instance is dropped. */
  public static void register(String scheme, Supplier<Storage> factory) {
    factories.put(requireNonNull(scheme, "scheme is null"), requireNonNull(factory, "factory"));
    instances.remove(scheme);
  }

  public static Storage forLocation(Location location) {
    Supplier<Storage> factory = factories.get(location.scheme());
    if (factory == null) {
      throw new IllegalArgumentException(
          "no storage for scheme '" + location.scheme() + "' in " + location);
    }
    return instances.computeIfAbsent(location.scheme(), scheme -> factory.get());
  }
}
