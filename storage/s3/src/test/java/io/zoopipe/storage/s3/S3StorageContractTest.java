package io.zoopipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Piece;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageContractTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The storage contract plus what is particular to S3 (ranged prefetching, multipart uploads and
 * their abortion, server-side concatenation, error messages), against whatever S3-compatible server
 * a subclass provides. One storage and bucket pair serve the whole class (clients are slow to
 * create); every test works under its own key prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3StorageContractTest extends StorageContractTest {
  static final String BUCKET = "zoopipe-test";
  static final String OTHER_BUCKET = "zoopipe-other";
  static final int MIN_PART = S3Settings.MIN_PART_SIZE_BYTES;

  private final RecordingInterceptor recorder = new RecordingInterceptor();
  private final List<S3Storage> extraStorages = new ArrayList<>();
  private S3Client admin;
  private S3Storage storage;
  private String prefix;
  private int counter;

  /** The server under test. */
  protected abstract S3TestEndpoint endpoint();

  @BeforeAll
  void openStorage() {
    admin = endpoint().adminClient();
    createBucket(BUCKET);
    createBucket(OTHER_BUCKET);
    storage = new S3Storage(smallChunks(), List.of(recorder));
  }

  @BeforeEach
  void startAfresh() {
    prefix = "test-" + UUID.randomUUID() + "/";
    recorder.reset();
  }

  @AfterEach
  void closeExtraStorages() {
    extraStorages.forEach(S3Storage::close);
    extraStorages.clear();
  }

  @AfterAll
  void closeStorage() {
    storage.close();
    admin.close();
  }

  @Override
  protected Storage storage() {
    return storage;
  }

  @Override
  protected Location newLocation(String name) {
    return newLocation(BUCKET, name);
  }

  @Test
  void readsEveryOffsetOfAMultiChunkObject() throws IOException {
    Location location = newLocation("chunks.bin");
    byte[] bytes = randomBytes(200_003, 20);
    write(location, bytes);
    int chunk = smallChunks().prefetchChunkBytes();

    for (long start : new long[] {0, 1, chunk - 1, chunk, chunk + 1, 99_999, 200_002}) {
      for (long endHint : new long[] {start, start + 1, start + 3 * chunk + 7, Long.MAX_VALUE}) {
        assertThat(read(location, start, endHint))
            .as("start %d, end hint %d", start, endHint)
            .isEqualTo(Arrays.copyOfRange(bytes, (int) start, bytes.length));
      }
    }
  }

  @Test
  void aLongReadReusesAFewChunkBuffers() throws IOException {
    Location location = newLocation("reuse.bin");
    byte[] bytes = randomBytes(1_000_000, 24);
    write(location, bytes);
    S3Settings settings = smallChunks();

    try (InputStream in = storage.open(location, 0, Long.MAX_VALUE)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
      // About 61 chunks of 16 KiB went through at most (in flight + the one being consumed).
      assertThat(((PrefetchingInputStream) in).wholeChunkBuffers())
          .isBetween(1, settings.requestsInFlight() + 1);
    }
  }

  @Test
  void singleByteReadsAndSkipsFollowTheObject() throws IOException {
    Location location = newLocation("skips.bin");
    byte[] bytes = randomBytes(100_000, 21);
    write(location, bytes);

    try (InputStream in = storage.open(location, 10, 50_000)) {
      assertThat(in.read()).isEqualTo(bytes[10] & 0xff);
      assertThat(in.skip(40_000)).isEqualTo(40_000);
      assertThat(in.read()).isEqualTo(bytes[40_011] & 0xff);
      assertThat(in.readNBytes(20_000)).isEqualTo(Arrays.copyOfRange(bytes, 40_012, 60_012));
      assertThat(in.skip(1_000_000)).isEqualTo(100_000 - 60_012);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void prefetchesUpToTheEndHintAndFetchesLazilyPastIt() throws IOException {
    Location location = newLocation("lazy.bin");
    write(location, randomBytes(400_000, 22));
    S3Storage bigChunks = open(smallChunks().withPrefetchChunkBytes(256 << 10), recorder);
    recorder.clear();

    try (InputStream in = bigChunks.open(location, 0, 64 << 10)) {
      in.readNBytes((64 << 10) + 10); // the shard, plus the end of its last record
    }

    // The range [0, 64K) and one 64 KiB chunk past it, not the 256 KiB chunks up to 400 KB.
    assertThat(recorder.bytesRequestedByGets()).isEqualTo(128 << 10);
  }

  @Test
  void retriesAChunkWhoseBodyBreaksOff() throws IOException {
    Location location = newLocation("flaky.bin");
    byte[] bytes = randomBytes(100_000, 23);
    write(location, bytes);

    recorder.breakGetBodies(2, 1_000);

    assertThat(read(location, 0, Long.MAX_VALUE)).isEqualTo(bytes);
  }

  @Test
  void failsWithTheLocationWhenRetriesAreSpent() throws IOException {
    Location location = newLocation("broken.bin");
    write(location, randomBytes(100_000, 24));
    S3Storage oneRetry = open(smallChunks().withRetries(1), recorder);

    recorder.breakGetBodies(1_000, 1_000);

    assertThatThrownBy(() -> oneRetry.open(location, 0, Long.MAX_VALUE).readAllBytes())
        .isInstanceOf(IOException.class)
        .hasMessageContaining(location.toString());
  }

  @Test
  void interruptedReaderStopsWaitingForTheNetwork() throws Exception {
    Location location = newLocation("held.bin");
    write(location, randomBytes(100_000, 25));
    CountDownLatch release = new CountDownLatch(1);
    recorder.holdGets(release);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    try (InputStream in = storage.open(location, 0, Long.MAX_VALUE)) {
      Thread reader =
          new Thread(
              () -> {
                try {
                  in.read();
                } catch (IOException e) {
                  failure.set(e);
                  stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
              });
      reader.start();
      assertThat(recorder.awaitHeldGet()).isTrue();

      reader.interrupt();
      reader.join(10_000);

      assertThat(reader.isAlive()).isFalse();
      assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);
      assertThat(stillInterrupted).isTrue();
      assertThatThrownBy(in::read).hasMessageContaining("closed");
    } finally {
      release.countDown();
    }
  }

  @Test
  void largeOutputIsUploadedInPartsAndInvisibleUntilCommitted() throws IOException {
    Location location = newLocation("large.bin");
    byte[] bytes = randomBytes(2 * MIN_PART + 12_345, 26);

    try (AtomicOutput output = storage.create(location)) {
      for (int offset = 0; offset < bytes.length; offset += 65_536) {
        output.stream().write(bytes, offset, Math.min(65_536, bytes.length - offset));
      }
      assertThat(storage.exists(location)).isFalse();
      output.commit();
    }

    assertThat(recorder.requests(UploadPartRequest.class)).hasSize(3);
    assertThat(eTag(location)).endsWith("-3\"");
    assertThat(read(location, 0, Long.MAX_VALUE)).isEqualTo(bytes);
  }

  @Test
  void smallOutputIsOnePut() throws IOException {
    Location location = newLocation("small.bin");

    write(location, randomBytes(1_000, 27));

    assertThat(recorder.requests(PutObjectRequest.class)).hasSize(1);
    assertThat(recorder.requests(CreateMultipartUploadRequest.class)).isEmpty();
  }

  @Test
  void failedPartAbortsTheUpload() {
    Location location = newLocation("failed.bin");
    byte[] bytes = randomBytes(3 * MIN_PART + 1, 28);
    recorder.failUploadPart(2);

    assertThatThrownBy(() -> write(location, bytes))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(location.toString())
        .hasMessageContaining("injected failure");

    assertThat(recorder.requests(AbortMultipartUploadRequest.class)).hasSize(1);
    assertThat(uploadsInProgress()).isEmpty();
    assertThat(admin.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents()).isEmpty();
  }

  @Test
  void outputClosedWithoutCommitAbortsItsUpload() throws IOException {
    Location location = newLocation("cancelled.bin");

    try (AtomicOutput output = storage.create(location)) {
      output.stream().write(randomBytes(2 * MIN_PART + 1, 29));
      assertThat(uploadsInProgress()).hasSize(1);
    }

    assertThat(uploadsInProgress()).isEmpty();
    assertThat(storage.exists(location)).isFalse();
  }

  @Test
  void interruptedWriterStillAbortsItsUpload() throws IOException {
    Location location = newLocation("interrupted.bin");
    boolean stillInterrupted;

    try (AtomicOutput output = storage.create(location)) {
      output.stream().write(randomBytes(2 * MIN_PART + 1, 37));
      Thread.currentThread().interrupt(); // the pipe cancels by interrupting its writer
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    assertThat(stillInterrupted).isTrue();
    assertThat(uploadsInProgress()).isEmpty();
    assertThat(storage.exists(location)).isFalse();
  }

  @Test
  void interruptedCleanupStillDeletes() throws IOException {
    Location location = newLocation("temporary.bin");
    write(location, randomBytes(10, 38));
    boolean stillInterrupted;

    Thread.currentThread().interrupt();
    try {
      storage.delete(location);
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    assertThat(stillInterrupted).isTrue();
    assertThat(storage.exists(location)).isFalse();
  }

  @Test
  void concatenateCopiesLargeSourcesServerSide() throws IOException {
    List<byte[]> parts =
        List.of(
            randomBytes(MIN_PART + (1 << 20), 30), // copied whole, from another bucket
            randomBytes(100_000, 31), // downloaded into the buffer
            randomBytes(2 * MIN_PART, 32), // tops the buffer up to 5 MiB, the rest copied
            randomBytes(1_024, 33), // downloaded
            randomBytes(3, 34)); // downloaded, the last part
    List<Location> sources = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Location source = newLocation(i == 0 ? OTHER_BUCKET : BUCKET, "source-" + i);
      write(source, parts.get(i));
      sources.add(source);
    }
    Location target = newLocation("merged.bin");
    recorder.clear();

    storage.concatenate(sources, target);

    assertThat(recorder.requests(UploadPartCopyRequest.class)).hasSize(2);
    assertThat(recorder.requests(UploadPartRequest.class)).hasSize(2);
    assertThat(recorder.bytesRequestedByGets()).isEqualTo(MIN_PART + 1_024 + 3);
    assertThat(eTag(target)).endsWith("-4\"");
    assertThat(read(target, 0, Long.MAX_VALUE)).isEqualTo(concat(parts));
  }

  @Test
  void compositionCopiesLargeRangesServerSideAndUploadsTheRest() throws IOException {
    byte[] first = randomBytes(MIN_PART + 300_000, 36);
    byte[] second = randomBytes(MIN_PART + 200_000, 37);
    Location a = newLocation("part-a");
    Location b = newLocation("part-b");
    write(a, first);
    write(b, second);
    byte[] footer = randomBytes(2_000, 38);
    Location target = newLocation("composed.parquet");
    recorder.clear();

    StagedOutput staged =
        storage.stageComposition(
            List.of(
                Piece.range(a, 0, first.length - 100_000), // copied
                Piece.range(b, 4, second.length - 50_000), // copied
                Piece.bytes(footer)), // uploaded, the last part
            target);
    staged.publish();

    assertThat(recorder.requests(UploadPartCopyRequest.class)).hasSize(2);
    assertThat(recorder.requests(UploadPartRequest.class)).hasSize(1);
    assertThat(recorder.bytesRequestedByGets()).isZero();
    assertThat(read(target, 0, Long.MAX_VALUE))
        .isEqualTo(
            concat(
                List.of(
                    Arrays.copyOfRange(first, 0, first.length - 100_000),
                    Arrays.copyOfRange(second, 4, second.length - 50_000),
                    footer)));
  }

  @Test
  void compositionDownloadsSmallRangesBesideTheBytesGiven() throws IOException {
    byte[] small = randomBytes(70_000, 39);
    Location a = newLocation("small-part");
    write(a, small);
    Location target = newLocation("small-composed");
    recorder.clear();

    StagedOutput staged =
        storage.stageComposition(
            List.of(Piece.range(a, 0, 60_000), Piece.bytes(new byte[] {1, 2, 3})), target);
    staged.publish();

    assertThat(recorder.requests(UploadPartCopyRequest.class)).isEmpty();
    assertThat(recorder.bytesRequestedByGets()).isEqualTo(60_000);
    assertThat(read(target, 0, Long.MAX_VALUE))
        .isEqualTo(concat(List.of(Arrays.copyOf(small, 60_000), new byte[] {1, 2, 3})));
  }

  @Test
  void concatenateOfOneSourceIsOneServerSideCopy() throws IOException {
    Location source = newLocation("single.bin");
    byte[] bytes = randomBytes(70_000, 35);
    write(source, bytes);
    Location target = newLocation("single-copy.bin");
    recorder.clear();

    storage.concatenate(List.of(source), target);

    assertThat(recorder.requests(CopyObjectRequest.class)).hasSize(1);
    assertThat(recorder.requests(GetObjectRequest.class)).isEmpty();
    assertThat(read(target, 0, Long.MAX_VALUE)).isEqualTo(bytes);
  }

  @Test
  void keysNeedingEscapesSurviveReadsCopiesAndMerges() throws IOException {
    Location first = newLocation("a name with spaces+plus & ümlaut.csv");
    Location second = newLocation("percent%20and=equals?.csv");
    byte[] one = randomBytes(MIN_PART, 39);
    byte[] two = randomBytes(1_000, 40);
    write(first, one);
    write(second, two);
    Location copy = newLocation("copy of ümlaut.csv");
    Location merged = newLocation("merged ümlaut.csv");

    storage.concatenate(List.of(first), copy);
    storage.concatenate(List.of(first, second), merged);

    assertThat(read(copy, 0, Long.MAX_VALUE)).isEqualTo(one);
    assertThat(read(merged, 0, Long.MAX_VALUE)).isEqualTo(concat(List.of(one, two)));
    assertThat(recorder.requests(UploadPartCopyRequest.class)).hasSize(1);
  }

  @Test
  void missingBucketIsNamed() {
    Location location = Location.parse("s3://zoopipe-no-such-bucket/in/users.csv");
    String message = "s3://zoopipe-no-such-bucket/in/users.csv: bucket 'zoopipe-no-such-bucket'";

    assertThatThrownBy(() -> storage.size(location))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageStartingWith(message);
    assertThatThrownBy(() -> storage.exists(location)).hasMessageStartingWith(message);
    assertThatThrownBy(() -> storage.open(location, 0, 10)).hasMessageStartingWith(message);
    assertThatThrownBy(() -> storage.checkWritable(location))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageStartingWith(message);
    assertThatThrownBy(() -> write(location, new byte[10]))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void wrongCredentialsAreDeniedWithOneLine() throws IOException {
    Location location = newLocation("secret.bin");
    write(location, randomBytes(10, 36));
    S3Storage wrongSecret =
        open(
            smallChunks()
                .withCredentials(
                    new S3Settings.Credentials(endpoint().accessKey(), "not-the-secret")));
    S3Storage unknownKey =
        open(smallChunks().withCredentials(new S3Settings.Credentials("nobody", "nothing")));

    for (S3Storage denied : List.of(wrongSecret, unknownKey)) {
      assertThatThrownBy(() -> denied.size(location))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageStartingWith(location + ": access denied")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      assertThatThrownBy(() -> denied.checkWritable(location))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageStartingWith(location + ": access denied");
      assertThatThrownBy(() -> denied.open(location, 0, 10))
          .isInstanceOf(AccessDeniedException.class);
    }
  }

  @Test
  void unreachableEndpointIsNamed() {
    Location location = newLocation("nowhere.bin");
    S3Storage unreachable =
        open(smallChunks().withEndpoint(URI.create("http://127.0.0.1:1")).withRetries(0));

    assertThatThrownBy(() -> unreachable.size(location))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(location + ": ")
        .hasMessageContaining("Connection refused");
  }

  @Test
  void compressedObjectsConcatenateAndReadAsOneStream() throws IOException {
    byte[] first = "id,name\n1,Ada\n".getBytes(StandardCharsets.UTF_8);
    byte[] second = "2,Grace\n".getBytes(StandardCharsets.UTF_8);
    Location part1 = newLocation("part-1.csv.gz");
    Location part2 = newLocation("part-2.csv.gz");
    writeCompressed(part1, first);
    writeCompressed(part2, second);
    Location target = newLocation("merged.csv.gz");

    storage.concatenate(List.of(part1, part2), target);

    Compression compression = Compression.fromFileName(target.fileName());
    try (InputStream in = compression.decompress(storage.open(target, 0, Long.MAX_VALUE))) {
      assertThat(in.readAllBytes()).isEqualTo(concat(List.of(first, second)));
    }
  }

  @Test
  void rejectsOtherSchemes() {
    assertThatThrownBy(() -> storage.create(Location.parse("/tmp/x.csv")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/tmp/x.csv is not an s3:// location");
  }

  /** Settings for this server with small prefetch chunks, so small objects span many. */
  S3Settings smallChunks() {
    return endpoint()
        .settings()
        .withPrefetchChunkBytes(16 << 10)
        .withRequestsInFlight(3)
        .withPartSizeBytes(MIN_PART)
        .withPartsInFlight(2);
  }

  /** Another storage for this test, closed after it. */
  S3Storage open(S3Settings settings, RecordingInterceptor... interceptors) {
    S3Storage opened = new S3Storage(settings, List.of(interceptors));
    extraStorages.add(opened);
    return opened;
  }

  Location newLocation(String bucket, String name) {
    return Location.parse("s3://" + bucket + "/" + prefix + ++counter + "-" + name);
  }

  private void writeCompressed(Location location, byte[] bytes) throws IOException {
    Compression compression = Compression.fromFileName(location.fileName());
    try (AtomicOutput output = storage.create(location)) {
      try (OutputStream out = compression.compress(output.stream())) {
        out.write(bytes);
      }
      output.commit();
    }
  }

  private String eTag(Location location) {
    return admin.headObject(b -> b.bucket(location.authority()).key(location.path())).eTag();
  }

  private List<MultipartUpload> uploadsInProgress() {
    return admin.listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix)).uploads();
  }

  private void createBucket(String bucket) {
    try {
      admin.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      admin.createBucket(b -> b.bucket(bucket));
    }
  }
}
