package io.zoopipe.common.io.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageContractTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the local file system, and what is particular to it. */
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

  @Test
  void aFailedConcatenationLeavesNoTemporaryFile() throws IOException {
    Path present = Files.writeString(directory.resolve("present.txt"), "a,b\n");
    Path target = directory.resolve("target.txt");

    assertThatThrownBy(
            () ->
                storage.concatenate(
                    List.of(Location.of(present), Location.of(directory.resolve("absent.txt"))),
                    Location.of(target)))
        .isInstanceOf(NoSuchFileException.class);

    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactly("present.txt");
    }
  }

  @Test
  void concatenationOfLargeFilesKeepsEveryByte() throws IOException {
    // Larger than one transferTo call may move at once on some systems, and not block-aligned.
    byte[] first = ("x".repeat(3_000_001) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] second = ("é".repeat(1_500_003) + "\n").getBytes(StandardCharsets.UTF_8);
    Path a = Files.write(directory.resolve("a"), first);
    Path b = Files.write(directory.resolve("b"), second);
    Path target = directory.resolve("ab");

    storage.concatenate(List.of(Location.of(a), Location.of(b)), Location.of(target));

    byte[] expected = new byte[first.length + second.length];
    System.arraycopy(first, 0, expected, 0, first.length);
    System.arraycopy(second, 0, expected, first.length, second.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(expected);
  }
}
