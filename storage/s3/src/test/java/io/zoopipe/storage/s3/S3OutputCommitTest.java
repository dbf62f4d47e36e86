package io.zoopipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.commit.CommitGate;
import io.zoopipe.common.commit.CommitRecovery;
import io.zoopipe.common.commit.OutputCommit;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The commit of an output pair on S3 (and of a local + S3 pair) against s3proxy in this JVM: a
 * commit leaves neither record nor upload; a later run's recovery rolls a commit past its commit
 * point forward, even while its committer still lives (completion is idempotent), and aborts
 * uploads no record names only once they are older than the storage's threshold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3OutputCommitTest {
  private static final String BUCKET = "zoopipe-commit";

  @TempDir Path directory;
  private final List<S3Storage> storages = new ArrayList<>();
  private S3ProxyServer server;
  private S3Client admin;
  private String prefix;
  private Location output;
  private Location errors;

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
  void oldObjects() {
    prefix = "c-" + UUID.randomUUID() + "/";
    output = location("out.csv");
    errors = location("errors.csv");
    put(output, "old output");
    put(errors, "old errors");
  }

  @AfterEach
  void closeStorages() {
    System.clearProperty("zoopipe.test.commitPause");
    System.clearProperty("zoopipe.test.commitMarker");
    storages.forEach(S3Storage::close);
    storages.clear();
  }

  @Test
  void aCommittedPairLeavesNeitherRecordNorUpload() throws IOException {
    StorageFactory factory = factory(Duration.ofHours(24));
    OutputCommit commit = new OutputCommit(new CommitGate(), factory);
    commit.add(staged(factory, output, "new output"));
    commit.add(staged(factory, errors, "new errors"));

    assertThat(commit.commit(() -> true)).isTrue();

    assertThat(get(output)).isEqualTo("new output");
    assertThat(get(errors)).isEqualTo("new errors");
    assertThat(keys()).containsExactlyInAnyOrder(output.path(), errors.path());
    assertThat(uploads()).isEmpty();
  }

  @Test
  void recoveryRollsForwardACommitPastItsCommitPointWhileItsCommitterWaits() throws Exception {
    StorageFactory factory = factory(Duration.ofHours(24));
    CommitGate gate = new CommitGate();
    CompletableFuture<Boolean> committer = pausedCommit(factory, gate, "committed");

    assertThat(keys()).anyMatch(key -> key.endsWith(".commit"));
    List<String> done = CommitRecovery.recover(errors, factory(Duration.ofHours(24)));

    assertThat(done).hasSize(1).allMatch(line -> line.startsWith("rolled forward "));
    assertThat(get(output)).isEqualTo("new output");
    assertThat(get(errors)).isEqualTo("new errors");
    gate.close(Duration.ofSeconds(30));
    assertThat(committer.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(get(output)).isEqualTo("new output");
    assertThat(keys()).containsExactlyInAnyOrder(output.path(), errors.path());
    assertThat(uploads()).isEmpty();
  }

  @Test
  void uploadsNoRecordNamesAreAbortedOnlyOnceOldEnough() throws Exception {
    StorageFactory factory = factory(Duration.ofHours(24));
    CommitGate gate = new CommitGate();
    CompletableFuture<Boolean> committer = pausedCommit(factory, gate, "staged");

    List<String> young = CommitRecovery.recover(output, factory(Duration.ofHours(24)));
    assertThat(uploads()).hasSize(2);
    List<String> old = CommitRecovery.recover(output, factory(Duration.ZERO));

    assertThat(young).isEmpty();
    assertThat(old).hasSize(1).allMatch(line -> line.startsWith("aborted upload "));
    assertThat(uploads()).containsExactly(errors.path());
    gate.close(Duration.ofSeconds(30));
    assertThat(committer.get(30, TimeUnit.SECONDS)).isFalse();
    assertThat(get(output)).isEqualTo("old output");
    assertThat(get(errors)).isEqualTo("old errors");
    assertThat(uploads()).isEmpty();
  }

  @Test
  void aRecordWriteWhoseAnswerIsLostLeavesNoRecordBehind() throws IOException {
    ExecutionInterceptor lostAnswer =
        new ExecutionInterceptor() {
          @Override
          public void afterExecution(
              Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put
                && put.key().startsWith(prefix + ".out.csv.zoopipe-")) {
              throw SdkClientException.create("injected: the answer to the record's PUT was lost");
            }
          }
        };
    StorageFactory factory = factory(Duration.ofHours(24), lostAnswer);
    OutputCommit commit = new OutputCommit(new CommitGate(), factory);
    commit.add(staged(factory, output, "new output"));
    commit.add(staged(factory, errors, "new errors"));

    assertThatThrownBy(() -> commit.commit(() -> true)).isInstanceOf(IOException.class);

    assertThat(get(output)).isEqualTo("old output");
    assertThat(get(errors)).isEqualTo("old errors");
    assertThat(keys()).containsExactlyInAnyOrder(output.path(), errors.path());
    assertThat(uploads()).isEmpty();
  }

  @Test
  void aLocalAndS3PairCommitsBothAndLeavesNothingBesideEither() throws IOException {
    StorageFactory factory = factory(Duration.ofHours(24));
    Path local = directory.resolve("out.csv");
    Files.writeString(local, "old output");
    OutputCommit commit = new OutputCommit(new CommitGate(), factory);
    commit.add(staged(factory, Location.of(local), "new output"));
    commit.add(staged(factory, errors, "new errors"));

    assertThat(commit.commit(() -> true)).isTrue();

    assertThat(Files.readString(local)).isEqualTo("new output");
    assertThat(get(errors)).isEqualTo("new errors");
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactly("out.csv");
    }
    assertThat(keys()).containsExactlyInAnyOrder(output.path(), errors.path());
    assertThat(uploads()).isEmpty();
  }

  /** A commit of the new pair on another thread, paused at {@code step} until the gate closes. */
  private CompletableFuture<Boolean> pausedCommit(
      StorageFactory factory, CommitGate gate, String step) throws Exception {
    Path marker = directory.resolve("marker-" + step);
    System.setProperty("zoopipe.test.commitPause", step);
    System.setProperty("zoopipe.test.commitMarker", marker.toString());
    OutputCommit commit = new OutputCommit(gate, factory);
    commit.add(staged(factory, output, "new output"));
    commit.add(staged(factory, errors, "new errors"));
    CompletableFuture<Boolean> committer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return commit.commit(() -> true);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(marker) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(marker).exists();
    return committer;
  }

  private StagedOutput staged(StorageFactory factory, Location target, String content)
      throws IOException {
    Storage storage = factory.forLocation(target);
    AtomicOutput atomic = storage.create(target);
    atomic.stream().write(content.getBytes(StandardCharsets.UTF_8));
    return atomic.stage();
  }

  private StorageFactory factory(Duration abandonAfter, ExecutionInterceptor... interceptors) {
    S3Storage storage =
        new S3Storage(server.endpoint().settings(), List.of(interceptors), abandonAfter);
    storages.add(storage);
    return StorageFactory.builder().storage("s3", storage).build();
  }

  private Location location(String name) {
    return Location.parse("s3://" + BUCKET + "/" + prefix + name);
  }

  private void put(Location location, String content) {
    admin.putObject(b -> b.bucket(BUCKET).key(location.path()), RequestBody.fromString(content));
  }

  private String get(Location location) throws IOException {
    try (InputStream in = storages.get(0).open(location, 0, Long.MAX_VALUE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private List<String> keys() {
    return admin.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  private List<String> uploads() {
    return admin.listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix)).uploads().stream()
        .map(MultipartUpload::key)
        .toList();
  }
}
