package io.zoopipe.storage.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server reachable from a test: where it is and the key pair it accepts.
 *
 * @param uri the endpoint, such as {@code http://127.0.0.1:41234}
 * @param accessKey the access key id the server accepts
 * @param secretKey the secret key the server accepts
 */
public record S3TestEndpoint(URI uri, String accessKey, String secretKey) {
  public S3TestEndpoint {
    requireNonNull(uri, "uri is null");
    requireNonNull(accessKey, "accessKey is null");
    requireNonNull(secretKey, "secretKey is null");
  }

  /** Settings that reach this server: path-style, fixed region and credentials. */
  public S3Settings settings() {
    return S3Settings.defaults()
        .withEndpoint(uri)
        .withRegion("us-east-1")
        .withPathStyle(true)
        .withCredentials(new S3Settings.Credentials(accessKey, secretKey));
  }

  /** A plain SDK client for arranging and inspecting the server's state; the caller closes it. */
  public S3Client adminClient() {
    return S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder())
        .endpointOverride(uri)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
  }
}
