package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.endtoend.testing.ParquetData;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.storage.s3.S3ProxyServer;
import io.zoopipe.storage.s3.S3StorageProvider;
import io.zoopipe.storage.s3.S3TestEndpoint;
import io.zoopipe.worker.InProcessWorkerLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Parquet from S3 to S3 through in-process workers: ranged reads of the footer and the column
 * chunks, parts assembled into one object by a multipart upload, and the result equal to local to
 * local.
 */
class ParquetS3Test {
  private static S3ProxyServer server;
  private static S3TestEndpoint endpoint;
  private static S3Client admin;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
    endpoint = server.endpoint();
    admin = endpoint.adminClient();
    admin.createBucket(b -> b.bucket("parquet-in"));
    admin.createBucket(b -> b.bucket("parquet-out"));
  }

  @AfterAll
  static void stopServer() {
    admin.close();
    server.close();
  }

  @Test
  void s3ToS3EqualsLocalToLocal() throws Exception {
    Path input = ParquetData.users(dir.resolve("users.parquet"), 5, 1_500, 5_000, -1, null);
    admin.putObject(b -> b.bucket("parquet-in").key("users.parquet"), RequestBody.fromFile(input));

    PipeReport local =
        run(
            StorageFactory.defaults(),
            description(
                Location.of(input),
                Location.of(dir.resolve("local.parquet")),
                Location.of(dir.resolve("local-errors.jsonl"))));
    try (StorageFactory s3 =
        StorageFactory.builder().provider(new S3StorageProvider(endpoint.settings())).build()) {
      PipeReport remote =
          run(
              s3,
              description(
                  Location.parse("s3://parquet-in/users.parquet"),
                  Location.parse("s3://parquet-out/users.parquet"),
                  Location.parse("s3://parquet-out/errors.jsonl")));
      assertThat(remote.status()).as("%s", remote.exception()).isEqualTo(PipeStatus.COMPLETED);
      assertThat(remote.successCount()).isEqualTo(local.successCount());
      assertThat(remote.errorCount()).isEqualTo(local.errorCount()).isPositive();
    }
    Path downloaded = dir.resolve("downloaded.parquet");
    Files.write(
        downloaded,
        admin.getObjectAsBytes(b -> b.bucket("parquet-out").key("users.parquet")).asByteArray());
    assertThat(ParquetData.read(downloaded))
        .isEqualTo(ParquetData.read(dir.resolve("local.parquet")));
    assertThat(
            admin.getObjectAsBytes(b -> b.bucket("parquet-out").key("errors.jsonl")).asByteArray())
        .isEqualTo(Files.readAllBytes(dir.resolve("local-errors.jsonl")));
    assertThat(admin.listMultipartUploads(b -> b.bucket("parquet-out")).uploads()).isEmpty();
    assertThat(
            admin.listObjectsV2(b -> b.bucket("parquet-out")).contents().stream()
                .map(object -> object.key())
                .toList())
        .containsExactlyInAnyOrder("users.parquet", "errors.jsonl");
  }

  private static PipeReport run(StorageFactory storage, PipeDescription description)
      throws Exception {
    try (ManagerExecution execution =
        PipeManager.builder()
            .pipe(description)
            .workers(new InProcessWorkerLauncher(3, List.of(), Duration.ofMillis(200), storage))
            .storage(storage)
            .shards(6)
            .build()
            .start()) {
      return execution.await();
    }
  }

  private static PipeDescription description(Location input, Location output, Location errors) {
    return new PipeDescription(
        DataDescription.of(input),
        DataDescription.of(output),
        DataDescription.of(errors),
        ParquetShardsTest.User.class.getName(),
        List.of(),
        List.of(),
        new MultiThreadExecutor(2, 64));
  }
}
