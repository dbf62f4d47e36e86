package io.zoopipe.common.io.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageContractTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  @Test
  void anOutputThroughALinkChainReplacesTheFinalTargetAndKeepsTheLinks() throws IOException {
    Path real = Files.createDirectory(directory.resolve("real"));
    Path target = Files.writeString(real.resolve("data.csv"), "old\n");
    Path inner = Files.createSymbolicLink(real.resolve("inner.csv"), Path.of("data.csv"));
    Path outer =
        Files.createSymbolicLink(directory.resolve("outer.csv"), Path.of("real/inner.csv"));

    try (AtomicOutput output = storage.create(Location.of(outer))) {
      output.stream().write("new\n".getBytes(StandardCharsets.UTF_8));
      output.commit();
    }

    assertThat(Files.isSymbolicLink(outer)).isTrue();
    assertThat(Files.isSymbolicLink(inner)).isTrue();
    assertThat(Files.readString(target)).isEqualTo("new\n");
    assertThat(names(real)).containsExactlyInAnyOrder("data.csv", "inner.csv");
  }

  @Test
  void aDanglingLinkIsWrittenAtItsTarget() throws IOException {
    Path link = Files.createSymbolicLink(directory.resolve("link.csv"), Path.of("absent.csv"));

    storage.checkWritable(Location.of(link));
    storage.concatenate(List.of(), Location.of(link));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(directory.resolve("absent.csv")).isRegularFile().isEmptyFile();
  }

  @Test
  void aLinkIntoAMissingDirectoryIsRefusedBeforeWriting() throws IOException {
    Path link = Files.createSymbolicLink(directory.resolve("link.csv"), Path.of("nodir/x.csv"));

    assertThatThrownBy(() -> storage.checkWritable(Location.of(link)))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aLinkLoopIsRefused() throws IOException {
    Path a = directory.resolve("a.csv");
    Path b = directory.resolve("b.csv");
    Files.createSymbolicLink(a, b.getFileName());
    Files.createSymbolicLink(b, a.getFileName());

    assertThatThrownBy(() -> storage.create(Location.of(a))).isInstanceOf(IOException.class);
    assertThat(Files.isSymbolicLink(a)).isTrue();
  }

  @Test
  void aDeviceOrFifoIsRefusedAsAnOutputAndLeftInPlace() throws Exception {
    Path fifo = fifo("out.fifo");
    Location device = Location.parse("/dev/null");

    assertThatThrownBy(() -> storage.checkWritable(Location.of(fifo)))
        .hasMessageContaining("out.fifo is not a regular file but a device, FIFO or socket");
    assertThatThrownBy(() -> storage.create(Location.of(fifo)))
        .hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> storage.checkWritable(device))
        .hasMessageContaining("/dev/null is not a regular file");
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(names(directory)).containsExactly("out.fifo");
  }

  @Test
  void aFifoIsReadFromItsStartButNotFromAnOffset() throws Exception {
    Path fifo = fifo("in.fifo");
    CompletableFuture<Path> writer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.writeString(fifo, "a,b\n1,2\n");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });

    byte[] read;
    try (InputStream in = storage.open(Location.of(fifo), 0, Long.MAX_VALUE)) {
      read = in.readAllBytes();
    }

    writer.get(10, TimeUnit.SECONDS);
    assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo("a,b\n1,2\n");
    assertThat(storage.size(Location.of(fifo))).isZero();
    assertThatThrownBy(() -> storage.open(Location.of(fifo), 5, Long.MAX_VALUE))
        .hasMessageContaining("can only be read from its start");
  }

  /** A named pipe made by mkfifo(1); the test is skipped where there is none. */
  private Path fifo(String name) throws Exception {
    Path fifo = directory.resolve(name);
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo here: " + e.getMessage());
      throw e;
    }
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
    return fifo;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(path -> path.getFileName().toString()).toList();
    }
  }
}
