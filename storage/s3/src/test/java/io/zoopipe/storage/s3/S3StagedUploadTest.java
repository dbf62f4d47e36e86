package io.zoopipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedObject;
import io.zoopipe.common.io.StagedOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Staged S3 outputs against s3proxy in this JVM: a staged output or concatenation is a complete,
 * invisible multipart upload that another storage (another process) can publish or discard from its
 * {@link StagedObject} alone, publishing is idempotent, and only uploads old enough and named by no
 * record are taken as abandoned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StagedUploadTest {
  private static final String BUCKET = "zoopipe-staged";
  private static final int MIN_PART = S3Settings.MIN_PART_SIZE_BYTES;

  private final List<S3Storage> storages = new ArrayList<>();
  private S3ProxyServer server;
  private S3Client admin;
  private S3Storage storage;
  private String prefix;

  @BeforeAll
  void startServer() throws Exception {
    server = S3ProxyServer.start();
    admin = server.endpoint().adminClient();
    admin.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  void stopServer() {
    admin.close();
    server.close();
  }

  @BeforeEach
  void openStorage() {
    prefix = "t-" + UUID.randomUUID() + "/";
    storage = open(Duration.ofHours(24));
  }

  @AfterEach
  void closeStorages() {
    storages.forEach(S3Storage::close);
    storages.clear();
  }

  @Test
  void aStagedOutputIsInvisibleUntilAnotherStoragePublishesItFromItsObject() throws IOException {
    Location target = location("out.csv");
    byte[] bytes = random(2 * MIN_PART + 100, 1);
    StagedObject object = stage(target, bytes).object().orElseThrow();

    assertThat(storage.exists(target)).isFalse();
    assertThat(uploads()).containsExactly(target.path());

    open(Duration.ofHours(24)).publish(object);

    assertThat(read(target)).isEqualTo(bytes);
    assertThat(uploads()).isEmpty();
  }

  @Test
  void anOutputSmallerThanAPartIsStagedAsOnePartEvenWhenEmpty() throws IOException {
    Location small = location("small.csv");
    Location empty = location("empty.csv");
    StagedOutput stagedSmall = stage(small, "a,b\n".getBytes(StandardCharsets.UTF_8));
    StagedOutput stagedEmpty = stage(empty, new byte[0]);

    assertThat(uploads()).containsExactlyInAnyOrder(small.path(), empty.path());
    stagedSmall.publish();
    stagedEmpty.publish();

    assertThat(new String(read(small), StandardCharsets.UTF_8)).isEqualTo("a,b\n");
    assertThat(read(empty)).isEmpty();
  }

  @Test
  void publishingTwiceLeavesThePublishedObject() throws IOException {
    Location target = location("twice.csv");
    byte[] bytes = random(1_000, 2);
    StagedObject object = stage(target, bytes).object().orElseThrow();

    storage.publish(object);
    open(Duration.ofHours(24)).publish(object);

    assertThat(read(target)).isEqualTo(bytes);
  }

  @Test
  void publishingADiscardedUploadFailsNamingTheTarget() throws IOException {
    Location target = location("discarded.csv");
    StagedOutput staged = stage(target, random(1_000, 3));
    StagedObject object = staged.object().orElseThrow();

    staged.discard();

    assertThatThrownBy(() -> open(Duration.ofHours(24)).publish(object))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(target.toString())
        .hasMessageContaining("is gone");
    assertThat(storage.exists(target)).isFalse();
    assertThat(uploads()).isEmpty();
  }

  @Test
  void anUploadThatIsGoneWithAnObjectOfItsSizeAtTheKeyCountsAsPublished() throws IOException {
    byte[] bytes = random(1_000, 9);
    Location target = written("completed.csv", bytes);
    CompletedPart part = CompletedPart.builder().partNumber(1).eTag("\"0\"").build();
    StagedObject completed =
        new StagedObject(target, new UploadHandle("completed-before", 1_000, List.of(part)).text());
    StagedObject other =
        new StagedObject(target, new UploadHandle("completed-before", 999, List.of(part)).text());

    storage.publish(completed);

    assertThat(read(target)).isEqualTo(bytes);
    assertThatThrownBy(() -> storage.publish(other)).isInstanceOf(IOException.class);
  }

  @Test
  void onlyOldUploadsToTheDestinationThatNoRecordNamesAreAbandoned() throws IOException {
    Location target = location("out.csv");
    Location other = location("out.csv.other");
    StagedObject named = stage(target, random(100, 4)).object().orElseThrow();
    stage(target, random(100, 5));
    stage(other, random(100, 6));

    List<String> young = storage.removeAbandoned(target, Set.of(), Instant.now());
    List<String> old = open(Duration.ZERO).removeAbandoned(target, Set.of(named), Instant.now());

    assertThat(young).isEmpty();
    assertThat(old).hasSize(1).allMatch(line -> line.startsWith("aborted upload "));
    assertThat(uploads()).containsExactlyInAnyOrder(target.path(), other.path());
    open(Duration.ZERO).publish(named);
    assertThat(uploads()).containsExactly(other.path());
  }

  @Test
  void aStagedConcatenationHoldsItsBytesOnceItsSourcesAreGone() throws IOException {
    byte[] large = random(MIN_PART + 10, 7);
    byte[] small = random(300, 8);
    Location first = written("first.bin", large);
    Location second = written("second.bin", small);
    Location single = written("single.bin", large);
    Location many = location("many.bin");
    Location one = location("one.bin");
    Location tiny = location("tiny.bin");
    Location none = location("none.bin");

    List<StagedOutput> staged =
        List.of(
            storage.stageConcatenation(List.of(first, second, second), many),
            storage.stageConcatenation(List.of(single), one),
            storage.stageConcatenation(List.of(second, second), tiny),
            storage.stageConcatenation(List.of(), none));
    for (Location source : List.of(first, second, single)) {
      storage.delete(source);
    }
    S3Storage later = open(Duration.ofHours(24));
    for (StagedOutput output : staged) {
      later.publish(output.object().orElseThrow());
    }

    assertThat(read(many)).isEqualTo(concat(large, small, small));
    assertThat(read(one)).isEqualTo(large);
    assertThat(read(tiny)).isEqualTo(concat(small, small));
    assertThat(read(none)).isEmpty();
    assertThat(uploads()).isEmpty();
  }

  @Test
  void siblingsAreTheObjectsBesideADestinationWithTheNamePrefix() throws IOException {
    Location target = location("out.csv");
    written(".out.csv.zoopipe-0123456789abcdef.commit", new byte[] {1});
    written(".other.csv.zoopipe-0123456789abcdef.commit", new byte[] {1});

    List<String> names =
        storage.siblings(target, ".out.csv.zoopipe-").stream()
            .map(sibling -> sibling.location().fileName())
            .toList();

    assertThat(names).containsExactly(".out.csv.zoopipe-0123456789abcdef.commit");
  }

  private StagedOutput stage(Location target, byte[] bytes) throws IOException {
    AtomicOutput output = storage.create(target);
    output.stream().write(bytes);
    return output.stage();
  }

  private Location written(String name, byte[] bytes) {
    Location location = location(name);
    admin.putObject(b -> b.bucket(BUCKET).key(location.path()), RequestBody.fromBytes(bytes));
    return location;
  }

  private byte[] read(Location location) throws IOException {
    try (InputStream in = storage.open(location, 0, Long.MAX_VALUE)) {
      return in.readAllBytes();
    }
  }

  private List<String> uploads() {
    return admin.listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix)).uploads().stream()
        .map(MultipartUpload::key)
        .toList();
  }

  private S3Storage open(Duration abandonAfter) {
    S3Storage opened =
        new S3Storage(
            server.endpoint().settings().withPartSizeBytes(MIN_PART), List.of(), abandonAfter);
    storages.add(opened);
    return opened;
  }

  private Location location(String name) {
    return Location.parse("s3://" + BUCKET + "/" + prefix + name);
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  private static byte[] concat(byte[]... arrays) {
    int length = Arrays.stream(arrays).mapToInt(array -> array.length).sum();
    byte[] all = new byte[length];
    int position = 0;
    for (byte[] array : arrays) {
      System.arraycopy(array, 0, all, position, array.length);
      position += array.length;
    }
    return all;
  }
}
