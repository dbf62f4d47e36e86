package io.zoopipe.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.local.LocalStorage;
import io.zoopipe.common.io.memory.InMemoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageFactoryTest {
  private static final Location REMOTE = Location.parse("memory://bucket/data.csv");

  @TempDir Path directory;

  @Test
  void servesLocalFilesWithoutBeingTold() {
    StorageFactory factory = StorageFactory.builder().build();

    assertThat(factory.forLocation(Location.of(directory.resolve("a.csv"))))
        .isInstanceOf(LocalStorage.class);
    assertThat(factory.schemes()).containsExactly("file");
  }

  @Test
  void anUnservedSchemeIsNamedWithTheSchemesServed() {
    StorageFactory factory =
        StorageFactory.builder().storage("memory", new InMemoryStorage()).build();

    assertThatThrownBy(() -> factory.forLocation(Location.parse("gs://bucket/key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no storage for scheme 'gs' in gs://bucket/key; the schemes served are file, memory");
  }

  @Test
  void s3WithoutItsModuleSaysWhichModuleToAdd() {
    StorageFactory factory = StorageFactory.builder().build();

    assertThatThrownBy(() -> factory.forLocation(Location.parse("s3://bucket/key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no storage for scheme 's3' in s3://bucket/key")
        .hasMessageContaining("zoopipe-storage-s3");
  }

  @Test
  void aProviderCreatesItsStorageOnFirstUseOnceAndTheFactoryClosesIt() {
    CountingProvider provider = new CountingProvider();
    StorageFactory factory = StorageFactory.builder().provider(provider).build();
    assertThat(provider.created).hasValue(0);
    assertThat(factory.serves("memory")).isTrue();

    Storage first = factory.forLocation(REMOTE);
    Storage second = factory.forLocation(REMOTE.withSuffix(".gz"));
    factory.close();

    assertThat(first).isSameAs(second);
    assertThat(provider.created).hasValue(1);
    assertThat(provider.storages.get(0).closed).isTrue();
    assertThatThrownBy(() -> factory.forLocation(REMOTE)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aProviderIsConfiguredFromTheGivenEnvironment() throws IOException {
    StorageFactory factory =
        StorageFactory.builder()
            .provider(new CountingProvider())
            .environment(Map.of("MEMORY_LABEL", "configured"))
            .build();

    ClosableStorage storage = (ClosableStorage) factory.forLocation(REMOTE);

    assertThat(storage.label).isEqualTo("configured");
  }

  @Test
  void anInvalidConfigurationIsReportedAtEveryUse() {
    StorageProvider failing =
        new CountingProvider() {
          @Override
          public Storage create(Map<String, String> environment) {
            created.incrementAndGet();
            throw new IllegalArgumentException("MEMORY_LABEL must not be empty");
          }
        };
    StorageFactory factory = StorageFactory.builder().provider(failing).build();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> factory.forLocation(REMOTE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("MEMORY_LABEL must not be empty");
    }
  }

  @Test
  void theLastStorageGivenForASchemeWinsAndAnInstanceStaysTheCallers() {
    CountingProvider provider = new CountingProvider();
    ClosableStorage mine = new ClosableStorage("mine");
    StorageFactory factory =
        StorageFactory.builder().provider(provider).storage("memory", mine).build();

    assertThat(factory.forLocation(REMOTE)).isSameAs(mine);
    factory.close();

    assertThat(provider.created).hasValue(0);
    assertThat(mine.closed).isFalse();
  }

  @Test
  void twoFactoriesKeepTwoConfigurationsOfOneSchemeApart() throws IOException {
    StorageFactory first = factoryWith(new InMemoryStorage());
    StorageFactory second = factoryWith(new InMemoryStorage());

    write(first.forLocation(REMOTE), "first");
    write(second.forLocation(REMOTE), "second");

    assertThat(read(first.forLocation(REMOTE))).isEqualTo("first");
    assertThat(read(second.forLocation(REMOTE))).isEqualTo("second");
  }

  @Test
  void discoversProvidersThroughTheServiceLoader() throws IOException {
    Path services = directory.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(StorageProvider.class.getName()),
        "# a test provider\n" + CountingProvider.class.getName() + "\n");

    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {directory.toUri().toURL()}, StorageFactoryTest.class.getClassLoader())) {
      StorageFactory factory = StorageFactory.builder().discoverProviders(loader).build();

      assertThat(factory.schemes()).contains("file", "memory");
      assertThat(factory.forLocation(REMOTE)).isInstanceOf(ClosableStorage.class);
    }
  }

  @Test
  void defaultsServeLocalFilesAndWhatTheClassPathProvides() {
    StorageFactory factory = StorageFactory.defaults();

    assertThat(factory.schemes()).contains("file");
    assertThat(factory.forLocation(Location.of(directory))).isInstanceOf(LocalStorage.class);
  }

  @Test
  void refusesASchemeThatIsNotALowerCaseWord() {
    assertThatThrownBy(() -> StorageFactory.builder().storage("S3", new InMemoryStorage()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'S3'");
  }

  private static StorageFactory factoryWith(Storage storage) {
    return StorageFactory.builder().storage("memory", storage).build();
  }

  private static void write(Storage storage, String text) throws IOException {
    try (AtomicOutput output = storage.create(REMOTE)) {
      output.stream().write(text.getBytes(StandardCharsets.UTF_8));
      output.commit();
    }
  }

  private static String read(Storage storage) throws IOException {
    try (InputStream in = storage.open(REMOTE, 0, Long.MAX_VALUE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Serves {@code memory://} with a fresh {@link ClosableStorage} and counts its calls. */
  public static class CountingProvider implements StorageProvider {
    final AtomicInteger created = new AtomicInteger();
    final List<ClosableStorage> storages = new ArrayList<>();

    @Override
    public String scheme() {
      return "memory";
    }

    @Override
    public Storage create(Map<String, String> environment) {
      created.incrementAndGet();
      ClosableStorage storage =
          new ClosableStorage(environment.getOrDefault("MEMORY_LABEL", "unlabelled"));
      storages.add(storage);
      return storage;
    }
  }

  /** An in-memory storage that remembers being closed. */
  static final class ClosableStorage implements Storage, AutoCloseable {
    private final InMemoryStorage delegate = new InMemoryStorage();
    final String label;
    volatile boolean closed;

    ClosableStorage(String label) {
      this.label = label;
    }

    @Override
    public long size(Location location) throws IOException {
      return delegate.size(location);
    }

    @Override
    public boolean exists(Location location) {
      return delegate.exists(location);
    }

    @Override
    public InputStream open(Location location, long start, long endHint) throws IOException {
      return delegate.open(location, start, endHint);
    }

    @Override
    public void checkWritable(Location location) {
      delegate.checkWritable(location);
    }

    @Override
    public AtomicOutput create(Location location) {
      return delegate.create(location);
    }

    @Override
    public void delete(Location location) {
      delegate.delete(location);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
