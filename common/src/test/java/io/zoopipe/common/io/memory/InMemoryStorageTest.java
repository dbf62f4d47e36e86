package io.zoopipe.common.io.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageContractTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The storage contract on the in-memory fake, and what is particular to it. */
class InMemoryStorageTest extends StorageContractTest {
  private final InMemoryStorage storage = new InMemoryStorage();
  private int counter;

  @Override
  protected Storage storage() {
    return storage;
  }

  @Override
  protected Location newLocation(String name) {
    return Location.parse("memory://bucket/" + ++counter + "-" + name);
  }

  @Test
  void anAbortedOutputCannotCommitLater() throws IOException {
    Location location = newLocation("late.bin");
    AtomicOutput output = storage.create(location);
    output.stream().write(1);
    output.abort();

    assertThatThrownBy(output::commit).isInstanceOf(IllegalStateException.class);
    assertThat(storage.locations()).isEmpty();
  }
}
