package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.storage.s3.S3ProxyServer;
import io.zoopipe.storage.s3.S3TestEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real {@code zoopipe run} writing an output and an error output to S3 (s3proxy in this test JVM,
 * which outlives the run), paused at each step of its output commit and sent SIGINT or SIGKILL
 * there: after the process and one later run to the same destinations, the two objects are both old
 * or both new, no commit record and no multipart upload is left in the bucket, and the exit status
 * of an interrupted run says which. Pairs of one local file and one object follow the same rule.
 */
class S3CommitSignalIT {
  private static final String BUCKET = "zoopipe-commit";
  private static final String OLD_OUTPUT = "old output\n";
  private static final String OLD_ERRORS = "old errors\n";
  private static final AtomicInteger runs = new AtomicInteger();

  private static S3ProxyServer server;
  private static S3TestEndpoint endpoint;
  private static S3Client admin;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
    endpoint = server.endpoint();
    admin = endpoint.adminClient();
    admin.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stopServer() {
    admin.close();
    server.close();
  }

  @ParameterizedTest(name = "{0} at {1}, workers {2}, output {3}, errors {4}")
  @CsvSource({
    "KILL, staged, 1, s3, s3",
    "KILL, committed, 1, s3, s3",
    "KILL, published-1, 1, s3, s3",
    "INT, staged, 1, s3, s3",
    "INT, committed, 1, s3, s3",
    "KILL, staged, 2, s3, s3",
    "KILL, committed, 2, s3, s3",
    "KILL, published-1, 2, s3, s3",
    "INT, published-1, 2, s3, s3",
    "KILL, published-1, 1, local, s3",
    "KILL, committed, 2, s3, local",
  })
  void theOutputsAreBothOldOrBothNew(
      String signal, String step, int workers, String outputStore, String errorStore)
      throws Exception {
    String prefix = "run-" + runs.incrementAndGet() + "/";
    TestData.csv(dir.resolve("in.csv"), 5, 2_000, -1, "", 9);
    Destination output = new Destination(outputStore, prefix + "out.csv", dir);
    Destination errors = new Destination(errorStore, prefix + "errors.csv", dir);
    output.write(OLD_OUTPUT);
    errors.write(OLD_ERRORS);
    Path marker = dir.resolve("marker");
    Path log = dir.resolve("run.log");
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                "in.csv",
                "--output",
                output.argument(),
                "--errors",
                errors.argument(),
                "--progress",
                "none"));
    if (workers > 1) {
      args.addAll(List.of("--workers", String.valueOf(workers), "--shards", "3"));
    }
    Process process =
        Cli.start(
            dir,
            log,
            environment(),
            List.of("-Dzoopipe.test.commitPause=" + step, "-Dzoopipe.test.commitMarker=" + marker),
            args.toArray(String[]::new));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.exists(marker)) {
      assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("no pause at " + step).isLessThan(deadline);
      Thread.sleep(20);
    }
    if (signal.equals("INT")) {
      new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
    } else {
      process.destroyForcibly();
    }
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    int status = process.exitValue();
    String stderr = Files.readString(log);
    if (signal.equals("INT")) {
      // Interrupted, the run itself completes or aborts every upload it staged.
      assertThat(uploads(prefix)).as(stderr).isEmpty();
    }

    // One later run to the same destinations, in the same mode, taking every upload no record
    // names as abandoned at once: it recovers what the signalled run left, then fails on its first
    // bad row, so that what it leaves is what the recovery made of the destinations.
    List<String> later = new ArrayList<>(args);
    later.addAll(List.of("--max-errors", "0"));
    Path laterLog = dir.resolve("later.log");
    Process next =
        Cli.start(
            dir,
            laterLog,
            environment(),
            List.of("-Dzoopipe.s3.abandonAfter=PT0S"),
            later.toArray(String[]::new));
    assertThat(next.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(next.exitValue()).as(Files.readString(laterLog)).isEqualTo(3);

    boolean committed = !step.equals("staged");
    if (signal.equals("INT")) {
      assertThat(status).as(stderr).isEqualTo(committed ? 0 : 130);
    }
    String newOutput = output.read();
    String newErrors = errors.read();
    if (committed) {
      assertThat(newOutput).as(Files.readString(laterLog)).isNotEqualTo(OLD_OUTPUT);
      assertThat(newOutput).startsWith("id,");
      assertThat(newErrors).isNotEqualTo(OLD_ERRORS).isNotEmpty();
    } else {
      assertThat(newOutput).as(Files.readString(laterLog)).isEqualTo(OLD_OUTPUT);
      assertThat(newErrors).isEqualTo(OLD_ERRORS);
    }
    // No record, and no part a killed manager left in its work prefix (out.csv.zoopipe-<job>/).
    assertThat(keys(prefix)).noneMatch(key -> key.contains(".zoopipe-"));
    assertThat(uploads(prefix)).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .allMatch(name -> !name.startsWith("."))
          .allMatch(name -> !name.contains(".zoopipe-"));
    }
  }

  /** A destination in the bucket or in the test's directory. */
  private record Destination(String store, String key, Path dir) {
    String argument() {
      return store.equals("s3") ? "s3://" + BUCKET + "/" + key : file().getFileName().toString();
    }

    void write(String content) throws IOException {
      if (store.equals("s3")) {
        put(key, content);
      } else {
        Files.writeString(file(), content);
      }
    }

    String read() throws IOException {
      return store.equals("s3") ? get(key) : Files.readString(file());
    }

    private Path file() {
      return dir.resolve(key.substring(key.lastIndexOf('/') + 1));
    }
  }

  private static Map<String, String> environment() {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        endpoint.accessKey(),
        "AWS_SECRET_ACCESS_KEY",
        endpoint.secretKey(),
        "AWS_REGION",
        "us-east-1",
        "AWS_ENDPOINT_URL",
        endpoint.uri().toString(),
        "ZOOPIPE_S3_PATH_STYLE",
        "true");
  }

  private static void put(String key, String content) {
    admin.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
  }

  private static String get(String key) {
    return admin.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
  }

  private static List<String> keys(String prefix) {
    return admin.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  private static List<String> uploads(String prefix) {
    return admin.listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix)).uploads().stream()
        .map(MultipartUpload::key)
        .toList();
  }
}
