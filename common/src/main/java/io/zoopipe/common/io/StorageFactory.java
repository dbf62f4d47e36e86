package io.zoopipe.common.io;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.local.LocalStorage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Gives the {@link Storage} for a location, by its scheme: local files always, plus the storages
 * and {@link StorageProvider}s it was built with. What a pipe, a manager and a worker read and
 * write through, handed to them rather than looked up, so that two configurations of one scheme
 * (two S3 endpoints, two sets of credentials) can live side by side in one JVM.
 *
 * <pre>{@code
 * try (StorageFactory storage =
 *     StorageFactory.builder().provider(new S3StorageProvider(settings)).build()) {
 *   Pipe pipe = Pipe.builder().storage(storage)...build();
 * }
 * }</pre>
 *
 * <p>A provider's storage is created on first use of its scheme (so a run that never touches {@code
 * s3://} never configures S3) and belongs to this factory: {@link #close()} closes it. A storage
 * given as an instance belongs to the caller. Which schemes are served is fixed when the factory is
 * built. Thread-safe.
 */
public final class StorageFactory implements AutoCloseable {
  /** Where a scheme's storage comes from when this JVM lacks it: the artifact to add. */
  private static final Map<String, String> KNOWN_MODULES =
      Map.of("s3", "io.zoopipe:zoopipe-storage-s3 (in the zoopipe jar)");

  private final Map<String, Storage> instances;
  private final Map<String, StorageProvider> providers;
  private final Map<String, String> environment;
  private final Map<String, Storage> created = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private StorageFactory(Builder builder) {
    this.instances = Map.copyOf(builder.instances);
    this.providers = Map.copyOf(builder.providers);
    this.environment = builder.environment;
  }

  /**
   * Local files and every {@link StorageProvider} on the class path (found through {@link
   * ServiceLoader}), configured from the process's environment: what a pipe uses unless told
   * otherwise.
   */
  public static StorageFactory defaults() {
    return builder().discoverProviders().build();
  }

  /** A builder that starts with local files only. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The storage that serves {@code location}.
   *
   * @throws IllegalArgumentException when no storage serves its scheme (the message names the
   *     scheme, the schemes served and, for a known one, the module to add), or when a provider
   *     finds its configuration invalid
   * @throws IllegalStateException after {@link #close()}
   */
  public Storage forLocation(Location location) {
    Storage storage = forSchemeOrNull(location.scheme());
    if (storage == null) {
      throw new IllegalArgumentException(
          "no storage for scheme '" + location.scheme() + "' in " + location + hint(location));
    }
    return storage;
  }

  /** Whether a location of {@code scheme} can be read and written here. */
  public boolean serves(String scheme) {
    return instances.containsKey(scheme) || providers.containsKey(scheme);
  }

  /** The schemes served, in order. */
  public Set<String> schemes() {
    Set<String> schemes = new TreeSet<>(instances.keySet());
    schemes.addAll(providers.keySet());
    return Collections.unmodifiableSet(schemes);
  }

  /**
   * Closes the storages that this factory's providers created (the storages given as instances are
   * their owner's to close). Later lookups fail; streams still open on a closed storage may fail.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException failure = null;
    for (Storage storage : List.copyOf(created.values())) {
      if (storage instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          if (failure == null) {
            failure = new IllegalStateException("closing storage " + storage + " failed", e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    created.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "StorageFactory" + schemes();
  }

  private @Nullable Storage forSchemeOrNull(String scheme) {
    if (closed.get()) {
      throw new IllegalStateException("this StorageFactory is closed");
    }
    Storage instance = instances.get(scheme);
    if (instance != null) {
      return instance;
    }
    StorageProvider provider = providers.get(scheme);
    if (provider == null) {
      return null;
    }
    // Created once, outside any shared lock of other schemes; a failed creation (an invalid
    // variable) is not remembered, so the next lookup reports it again.
    return created.computeIfAbsent(
        scheme, key -> requireNonNull(provider.create(environment), "provider returned null"));
  }

  private String hint(Location location) {
    String module = KNOWN_MODULES.get(location.scheme());
    String known = "; the schemes served are " + String.join(", ", schemes());
    return module == null
        ? known
        : known + "; " + location.scheme() + ":// needs " + module + " on the class path";
  }

  /**
   * Collects what a {@link StorageFactory} serves. Each method adds or replaces the storage of one
   * scheme: the last one given for a scheme wins. Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, Storage> instances = new LinkedHashMap<>();
    private final Map<String, StorageProvider> providers = new LinkedHashMap<>();
    private Map<String, String> environment = System.getenv();

    private Builder() {
      instances.put(Location.FILE, new LocalStorage());
    }

    /**
     * Serves {@code scheme} with {@code storage}, which stays the caller's: the factory does not
     * close it.
     */
    public Builder storage(String scheme, Storage storage) {
      String key = scheme(scheme);
      requireNonNull(storage, "storage is null");
      providers.remove(key);
      instances.put(key, storage);
      return this;
    }

    /** Serves {@code provider.scheme()} with the storage the provider creates on first use. */
    public Builder provider(StorageProvider provider) {
      requireNonNull(provider, "provider is null");
      String key = scheme(provider.scheme());
      instances.remove(key);
      providers.put(key, provider);
      return this;
    }

    /** Adds every {@link StorageProvider} that {@link ServiceLoader} finds beside this class. */
    public Builder discoverProviders() {
      return discoverProviders(StorageFactory.class.getClassLoader());
    }

    /**
     * Adds every {@link StorageProvider} that {@link ServiceLoader} finds through {@code loader}.
     */
    public Builder discoverProviders(ClassLoader loader) {
      List<StorageProvider> found = new ArrayList<>();
      ServiceLoader.load(StorageProvider.class, loader).forEach(found::add);
      found.forEach(this::provider);
      return this;
    }

    /**
     * The variables providers configure their storages from (default: the process's environment).
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    public StorageFactory build() {
      return new StorageFactory(this);
    }

    private static String scheme(String scheme) {
      requireNonNull(scheme, "scheme is null");
      if (scheme.isBlank() || !scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "a storage scheme is a non-blank lower-case word, got '" + scheme + "'");
      }
      return scheme;
    }
  }
}
