package io.zoopipe.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Storage} must do, whatever holds the bytes. A subclass supplies the storage and
 * fresh locations; the tests are inherited ({@code LocalStorageTest}, {@code InMemoryStorageTest},
 * and in storage/s3 {@code S3StorageTest} and {@code MinioS3StorageIT}).
 */
public abstract class StorageContractTest {
  /** The storage under test. */
  protected abstract Storage storage();

  /** A location that does not exist yet, distinct for every call, where writing is allowed. */
  protected abstract Location newLocation(String name);

  @Test
  void sizeAndExistenceDescribeAWrittenObject() throws IOException {
    Location location = newLocation("data.bin");
    byte[] bytes = randomBytes(10_000, 1);

    write(location, bytes);

    assertThat(storage().exists(location)).isTrue();
    assertThat(storage().size(location)).isEqualTo(10_000);
  }

  @Test
  void missingLocationIsReportedByName() throws IOException {
    Location location = newLocation("missing.csv");

    assertThat(storage().exists(location)).isFalse();
    assertThatThrownBy(() -> storage().size(location))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(location.toString());
    assertThatThrownBy(() -> storage().open(location, 0, Long.MAX_VALUE).close())
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(location.toString());
  }

  @Test
  void opensAtAnyOffsetAndReadsToTheEnd() throws IOException {
    Location location = newLocation("offsets.bin");
    byte[] bytes = randomBytes(10_000, 2);
    write(location, bytes);

    for (long start : new long[] {0, 1, 4_999, 9_999}) {
      for (long endHint : new long[] {start, start + 100, 10_000, Long.MAX_VALUE}) {
        assertThat(read(location, start, endHint))
            .as("start %d, end hint %d", start, endHint)
            .isEqualTo(Arrays.copyOfRange(bytes, (int) start, bytes.length));
      }
    }
  }

  @Test
  void openAtOrPastTheEndReadsNothing() throws IOException {
    Location location = newLocation("short.bin");
    write(location, randomBytes(100, 3));

    assertThat(read(location, 100, Long.MAX_VALUE)).isEmpty();
    assertThat(read(location, 5_000, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void readsAnEmptyObject() throws IOException {
    Location location = newLocation("empty.bin");

    write(location, new byte[0]);

    assertThat(storage().size(location)).isZero();
    assertThat(read(location, 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void outputIsInvisibleUntilCommitted() throws IOException {
    Location location = newLocation("atomic.bin");
    byte[] bytes = randomBytes(50_000, 4);

    try (AtomicOutput output = storage().create(location)) {
      output.stream().write(bytes);
      output.stream().flush();
      assertThat(storage().exists(location)).isFalse();

      output.commit();
    }

    assertThat(read(location, 0, Long.MAX_VALUE)).isEqualTo(bytes);
  }

  @Test
  void abortedOutputLeavesNothing() throws IOException {
    Location location = newLocation("aborted.bin");

    AtomicOutput output = storage().create(location);
    output.stream().write(randomBytes(1_000, 5));
    output.abort();

    assertThat(storage().exists(location)).isFalse();
  }

  @Test
  void outputClosedWithoutCommitLeavesNothing() throws IOException {
    Location location = newLocation("unclosed.bin");

    try (AtomicOutput output = storage().create(location)) {
      output.stream().write(randomBytes(1_000, 6));
    }

    assertThat(storage().exists(location)).isFalse();
  }

  @Test
  void abortLeavesAnExistingObjectAsItWas() throws IOException {
    Location location = newLocation("kept.bin");
    byte[] original = randomBytes(2_000, 7);
    write(location, original);

    try (AtomicOutput output = storage().create(location)) {
      output.stream().write(randomBytes(3_000, 8));
    }

    assertThat(read(location, 0, Long.MAX_VALUE)).isEqualTo(original);
  }

  @Test
  void commitReplacesAnExistingObject() throws IOException {
    Location location = newLocation("replaced.bin");
    write(location, randomBytes(2_000, 9));
    byte[] replacement = randomBytes(700, 10);

    write(location, replacement);

    assertThat(read(location, 0, Long.MAX_VALUE)).isEqualTo(replacement);
  }

  @Test
  void outputCannotBeCommittedTwice() throws IOException {
    AtomicOutput output = storage().create(newLocation("twice.bin"));
    output.commit();

    assertThatThrownBy(output::commit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void outputSurvivesItsStreamBeingClosedBeforeCommit() throws IOException {
    Location location = newLocation("wrapped.bin");
    byte[] bytes = randomBytes(4_000, 11);

    try (AtomicOutput output = storage().create(location)) {
      OutputStream stream = output.stream();
      stream.write(bytes);
      stream.close(); // what a compressing wrapper does when it finishes
      output.commit();
    }

    assertThat(read(location, 0, Long.MAX_VALUE)).isEqualTo(bytes);
  }

  @Test
  void deleteRemovesAndIgnoresMissing() throws IOException {
    Location location = newLocation("deleted.bin");
    write(location, randomBytes(10, 12));

    storage().delete(location);
    storage().delete(location);

    assertThat(storage().exists(location)).isFalse();
  }

  @Test
  void checkWritableAcceptsANewLocation() throws IOException {
    storage().checkWritable(newLocation("new.bin"));
  }

  @Test
  void concatenateJoinsSourcesInOrder() throws IOException {
    List<byte[]> parts =
        List.of(randomBytes(1_000, 13), new byte[0], randomBytes(1, 14), randomBytes(30_000, 15));
    List<Location> sources = writeAll("part", parts);
    Location target = newLocation("joined.bin");

    storage().concatenate(sources, target);

    assertThat(read(target, 0, Long.MAX_VALUE)).isEqualTo(concat(parts));
  }

  @Test
  void stageCompositionJoinsRangesAndBytesInOrder() throws IOException {
    List<byte[]> contents = List.of(randomBytes(40_000, 41), randomBytes(3_000, 42));
    List<Location> sources = writeAll("piece", contents);
    byte[] given = randomBytes(700, 43);
    Location target = newLocation("composed.bin");

    StagedOutput staged =
        storage()
            .stageComposition(
                List.of(
                    Piece.range(sources.get(0), 0, 4),
                    Piece.range(sources.get(1), 100, 3_000),
                    Piece.range(sources.get(0), 1_000, 1_000), // empty
                    Piece.range(sources.get(0), 30_000, 40_000),
                    Piece.bytes(given)),
                target);
    assertThat(storage().exists(target)).isFalse();
    staged.publish();

    assertThat(read(target, 0, Long.MAX_VALUE))
        .isEqualTo(
            concat(
                List.of(
                    Arrays.copyOfRange(contents.get(0), 0, 4),
                    Arrays.copyOfRange(contents.get(1), 100, 3_000),
                    Arrays.copyOfRange(contents.get(0), 30_000, 40_000),
                    given)));
  }

  @Test
  void stageCompositionOfARangePastTheEndFailsAndLeavesNothing() throws IOException {
    List<Location> sources = writeAll("short", List.of(randomBytes(500, 44)));
    Location target = newLocation("never.bin");

    assertThatThrownBy(
            () ->
                storage().stageComposition(List.of(Piece.range(sources.get(0), 100, 600)), target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(sources.get(0).toString());
    assertThat(storage().exists(target)).isFalse();
  }

  @Test
  void concatenateOfNoSourcesIsEmpty() throws IOException {
    Location target = newLocation("nothing.bin");

    storage().concatenate(List.of(), target);

    assertThat(storage().size(target)).isZero();
  }

  @Test
  void concatenateOfOneSourceCopiesIt() throws IOException {
    byte[] bytes = randomBytes(5_000, 16);
    List<Location> sources = writeAll("only", List.of(bytes));
    Location target = newLocation("copy.bin");

    storage().concatenate(sources, target);

    assertThat(read(target, 0, Long.MAX_VALUE)).isEqualTo(bytes);
    assertThat(read(sources.get(0), 0, Long.MAX_VALUE)).isEqualTo(bytes);
  }

  @Test
  void concatenateOfManySources() throws IOException {
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      parts.add(randomBytes(i * 37, 100 + i));
    }
    List<Location> sources = writeAll("many", parts);
    Location target = newLocation("many.bin");

    storage().concatenate(sources, target);

    assertThat(read(target, 0, Long.MAX_VALUE)).isEqualTo(concat(parts));
  }

  @Test
  void concatenateWithAMissingSourceFailsAndLeavesTheTarget() throws IOException {
    Location target = newLocation("target.bin");
    byte[] original = randomBytes(300, 17);
    write(target, original);
    List<Location> sources = new ArrayList<>(writeAll("present", List.of(randomBytes(10, 18))));
    Location missing = newLocation("absent.bin");
    sources.add(missing);

    assertThatThrownBy(() -> storage().concatenate(sources, target))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString());
    assertThat(read(target, 0, Long.MAX_VALUE)).isEqualTo(original);
  }

  /** Writes {@code bytes} to {@code location} through an atomic output. */
  protected void write(Location location, byte[] bytes) throws IOException {
    try (AtomicOutput output = storage().create(location)) {
      output.stream().write(bytes);
      output.commit();
    }
  }

  /** Everything {@link Storage#open} returns for the given start and end hint. */
  protected byte[] read(Location location, long start, long endHint) throws IOException {
    try (InputStream in = storage().open(location, start, endHint)) {
      return in.readAllBytes();
    }
  }

  /** Reproducible pseudo-random bytes. */
  protected static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  protected static byte[] concat(List<byte[]> parts) {
    int length = parts.stream().mapToInt(part -> part.length).sum();
    byte[] joined = new byte[length];
    int position = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, joined, position, part.length);
      position += part.length;
    }
    return joined;
  }

  private List<Location> writeAll(String prefix, List<byte[]> parts) throws IOException {
    List<Location> locations = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Location location = newLocation(prefix + "-" + i + ".bin");
      write(location, parts.get(i));
      locations.add(location);
    }
    return locations;
  }
}
