package io.zoopipe.storage.s3;

import java.net.URI;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The S3 storage contract against a real MinIO server in Docker. Skipped where Docker is absent;
 * run by failsafe ({@code mvn verify}).
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioS3StorageIT extends S3StorageContractTest {
  @Container
  private static final MinIOContainer minio =
      new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");

  @Override
  protected S3TestEndpoint endpoint() {
    return new S3TestEndpoint(
        URI.create(minio.getS3URL()), minio.getUserName(), minio.getPassword());
  }
}
