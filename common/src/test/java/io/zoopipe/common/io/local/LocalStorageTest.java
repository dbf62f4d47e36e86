package io.zoopipe.common.io.local;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the local file system. */
class LocalStorageTest extends StorageContractTest {
  private final LocalStorage storage = new LocalStorage();
  @TempDir Path directory;
  private int counter;

  @Override
  protected Storage storage() {
    return storage;
  }

  @Override
  protected Location newLocation(String name) {
    return Location.of(directory.resolve(++counter + "-" + name));
  }
}
