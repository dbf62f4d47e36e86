package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.storage.s3.S3ProxyServer;
import io.zoopipe.storage.s3.S3TestEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code s3://} locations through the real CLI and real worker JVMs, against an S3-compatible
 * server (s3proxy) running in this test JVM: S3 to S3 over two workers writes exactly what one JVM
 * writes locally, mixed locations work, and bad buckets or credentials are one-line errors before
 * anything starts.
 */
class S3EndToEndIT {
  private static S3ProxyServer server;
  private static S3TestEndpoint endpoint;
  private static S3Client admin;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
    endpoint = server.endpoint();
    admin = endpoint.adminClient();
    admin.createBucket(b -> b.bucket("zoopipe-in"));
    admin.createBucket(b -> b.bucket("zoopipe-out"));
  }

  @AfterAll
  static void stopServer() {
    admin.close();
    server.close();
  }

  @Test
  void twoWorkersFromS3ToS3WriteWhatOneLocalJvmWrites() throws Exception {
    Path input = generateUsers();
    upload(input, "zoopipe-in", "users.csv");

    int local =
        zoopipe(
            Map.of(),
            "run",
            "--input",
            "users.csv",
            "--output",
            "local.jsonl",
            "--errors",
            "local-errors.csv",
            "--threads",
            "2");
    int remote =
        zoopipe(
            credentials(endpoint.secretKey()),
            "run",
            "--input",
            "s3://zoopipe-in/users.csv",
            "--output",
            "s3://zoopipe-out/users.jsonl",
            "--errors",
            "s3://zoopipe-out/errors.csv",
            "--workers",
            "2",
            "--threads",
            "1",
            "--shards",
            "6",
            "--s3-endpoint",
            endpoint.uri().toString(),
            "--s3-path-style",
            // sizes and concurrency reach the worker JVMs too
            "--s3-part-mib",
            "5",
            "--s3-parts-in-flight",
            "2",
            "--s3-read-chunk-mib",
            "1",
            "--s3-reads-in-flight",
            "2");

    assertThat(local).isZero();
    assertThat(remote).as(log()).isZero();
    assertThat(download("zoopipe-out", "users.jsonl"))
        .isEqualTo(Files.readAllBytes(dir.resolve("local.jsonl")));
    assertThat(download("zoopipe-out", "errors.csv"))
        .isEqualTo(Files.readAllBytes(dir.resolve("local-errors.csv")));
    assertThat(keys("zoopipe-out")).containsExactlyInAnyOrder("users.jsonl", "errors.csv");
    assertThat(admin.listMultipartUploads(b -> b.bucket("zoopipe-out")).uploads()).isEmpty();
  }

  @Test
  void mixedLocationsWork() throws Exception {
    Path input = generateUsers();
    upload(input, "zoopipe-in", "mixed.csv");

    int reference =
        zoopipe(Map.of(), "run", "--input", "users.csv", "--output", "ref.csv", "--threads", "2");
    int toS3 =
        zoopipe(
            credentials(endpoint.secretKey()),
            "run",
            "--input",
            "users.csv",
            "--output",
            "s3://zoopipe-out/from-local.csv",
            "--threads",
            "2",
            "--s3-endpoint",
            endpoint.uri().toString(),
            "--s3-path-style");
    int fromS3 =
        zoopipe(
            credentials(endpoint.secretKey()),
            "run",
            "--input",
            "s3://zoopipe-in/mixed.csv",
            "--output",
            "from-s3.csv",
            "--threads",
            "2",
            "--s3-endpoint",
            endpoint.uri().toString(),
            "--s3-path-style");

    assertThat(List.of(reference, toS3, fromS3)).as(log()).containsOnly(0);
    byte[] expected = Files.readAllBytes(dir.resolve("ref.csv"));
    assertThat(download("zoopipe-out", "from-local.csv")).isEqualTo(expected);
    assertThat(Files.readAllBytes(dir.resolve("from-s3.csv"))).isEqualTo(expected);
  }

  @Test
  void aMissingBucketIsAOneLineErrorNamingTheLocation() throws Exception {
    // At the log level a user has by default: the worker JVMs, started while the input is
    // checked, are stopped when the check fails, without a word.
    Map<String, String> environment = new java.util.HashMap<>(credentials(endpoint.secretKey()));
    environment.put("ZOOPIPE_LOG_LEVEL", "WARN");
    int status =
        zoopipe(
            environment,
            "run",
            "--input",
            "s3://no-such-bucket/users.csv",
            "--output",
            "out.jsonl",
            "--workers",
            "2",
            "--s3-endpoint",
            endpoint.uri().toString(),
            "--s3-path-style");

    assertThat(status).isEqualTo(2);
    String errors = Files.readString(dir.resolve("zoopipe.log"));
    assertThat(errors).contains("s3://no-such-bucket/users.csv").doesNotContain("\tat ");
    assertThat(errors.strip().lines()).hasSize(2); // the error and the --help hint
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
  }

  @Test
  void wrongCredentialsAreAOneLineErrorBeforeAnythingRuns() throws Exception {
    upload(generateUsers(), "zoopipe-in", "secret.csv");

    int status =
        zoopipe(
            credentials("not-the-secret"),
            "run",
            "--input",
            "s3://zoopipe-in/secret.csv",
            "--output",
            "out.jsonl",
            "--s3-endpoint",
            endpoint.uri().toString(),
            "--s3-path-style");

    assertThat(status).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("zoopipe.log")))
        .contains("s3://zoopipe-in/secret.csv")
        .containsIgnoringCase("denied")
        .doesNotContain("\tat ");
  }

  @Test
  void aBadS3VariableIsAOneLineUsageErrorNamingIt() throws Exception {
    Map<String, String> environment = new java.util.HashMap<>(credentials(endpoint.secretKey()));
    environment.put("AWS_ENDPOINT_URL", endpoint.uri().toString());
    environment.put("ZOOPIPE_S3_PATH_STYLE", "true");
    environment.put("ZOOPIPE_S3_READS_IN_FLIGHT", "lots");

    int status =
        zoopipe(
            environment, "run", "--input", "s3://zoopipe-in/users.csv", "--output", "out.jsonl");

    assertThat(status).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("zoopipe.log")))
        .contains("--input s3://zoopipe-in/users.csv: ZOOPIPE_S3_READS_IN_FLIGHT must be a whole")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
  }

  private Path generateUsers() throws Exception {
    Path file = dir.resolve("users.csv");
    if (!Files.exists(file)) {
      assertThat(zoopipe(Map.of(), "generate", "--rows", "20000", "--output", "users.csv"))
          .isZero();
    }
    return file;
  }

  private int zoopipe(Map<String, String> environment, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    if (args[0].equals("run")) {
      all.addAll(List.of("--progress", "none"));
      all.addAll(List.of("--schema", "io.zoopipe.examples.UserSchema", "--plugin", examplesJar()));
    }
    return Cli.run(dir, dir.resolve("zoopipe.log"), environment, all.toArray(String[]::new));
  }

  private static Map<String, String> credentials(String secret) {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        endpoint.accessKey(),
        "AWS_SECRET_ACCESS_KEY",
        secret,
        "AWS_REGION",
        "us-east-1");
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("zoopipe.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String examplesJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "examples", "target"))) {
      return files
          .filter(
              f -> f.getFileName().toString().matches("zoopipe-examples-[^-]+(-SNAPSHOT)?\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("examples jar not built"))
          .toAbsolutePath()
          .toString();
    }
  }

  private static void upload(Path file, String bucket, String key) {
    admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
  }

  private static byte[] download(String bucket, String key) {
    return admin.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  private static List<String> keys(String bucket) {
    return admin.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .toList();
  }
}
