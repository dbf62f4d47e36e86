package io.zoopipe.common.io.memory;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Storage} that keeps every object in this JVM's memory, for tests: the fake beside {@code
 * LocalStorage} and S3 in the storage contract, and a stand-in for a remote store behind a {@link
 * io.zoopipe.common.io.StorageFactory} ({@code builder().storage(InMemoryStorage.SCHEME, new
 * InMemoryStorage())}). Serves locations of any scheme, keyed by the whole location. Thread-safe:
 * an object appears, whole, when its output commits.
 */
public final class InMemoryStorage implements Storage {
  /** The scheme tests give it, as in {@code memory://bucket/key}. */
  public static final String SCHEME = "memory";

  private final Map<Location, byte[]> objects = new ConcurrentHashMap<>();

  @Override
  public long size(Location location) throws IOException {
    return bytes(location).length;
  }

  @Override
  public boolean exists(Location location) {
    return objects.containsKey(location);
  }

  @Override
  public InputStream open(Location location, long start, long endHint) throws IOException {
    if (start < 0) {
      throw new IllegalArgumentException(location + ": negative start offset " + start);
    }
    byte[] bytes = bytes(location);
    int from = (int) Math.min(start, bytes.length);
    return new ByteArrayInputStream(bytes, from, bytes.length - from);
  }

  @Override
  public void checkWritable(Location location) {
    requireNonNull(location, "location is null");
  }

  @Override
  public AtomicOutput create(Location location) {
    requireNonNull(location, "location is null");
    return new MemoryOutput(location);
  }

  @Override
  public void delete(Location location) {
    objects.remove(location);
  }

  /** The locations stored, in order of their text. */
  public Set<String> locations() {
    Set<String> locations = new TreeSet<>();
    objects.keySet().forEach(location -> locations.add(location.toString()));
    return locations;
  }

  private byte[] bytes(Location location) throws NoSuchFileException {
    byte[] bytes = objects.get(location);
    if (bytes == null) {
      throw new NoSuchFileException(location.toString(), null, "no such object");
    }
    return bytes;
  }

  /** Buffers until committed, then publishes the bytes in one step. */
  private final class MemoryOutput implements AtomicOutput {
    private final Location location;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean finished;

    MemoryOutput(Location location) {
      this.location = location;
    }

    @Override
    public OutputStream stream() {
      return buffer;
    }

    @Override
    public void commit() {
      if (finished) {
        throw new IllegalStateException("output to " + location + " is already finished");
      }
      finished = true;
      objects.put(location, buffer.toByteArray());
    }

    @Override
    public void abort() {
      finished = true;
    }
  }
}
