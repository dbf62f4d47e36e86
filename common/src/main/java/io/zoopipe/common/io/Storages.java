package io.zoopipe.common.io;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.local.LocalStorage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Finds the {@link Storage} for a location's scheme. Local files are always there; other schemes
 * are registered by the modules that implement them, and created on first use. Thread-safe.
 */
public final class Storages {
  private static final Map<String, Supplier<Storage>> factories = new ConcurrentHashMap<>();
  private static final Map<String, Storage> instances = new ConcurrentHashMap<>();

  static {
    register(Location.FILE, LocalStorage::new);
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
