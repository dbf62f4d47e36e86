package io.zoopipe.manager.cli;

import io.zoopipe.common.io.s3.S3Settings;
import io.zoopipe.common.io.s3.S3Storage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The S3 options shared by {@code run}, {@code serve} and {@code worker}. Without them, S3 is
 * configured by the AWS SDK's default chains and {@code AWS_ENDPOINT_URL} / {@code
 * ZOOPIPE_S3_PATH_STYLE}. With them, this JVM's {@code s3://} storage is reconfigured, and the same
 * settings reach local worker JVMs through their environment.
 */
final class S3Options {
  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = "S3-compatible endpoint (MinIO, Ceph, s3proxy); default: $AWS_ENDPOINT_URL.")
  @Nullable String endpoint;

  @Option(
      names = "--s3-path-style",
      description = "Address buckets as http://host/bucket/key (most S3-compatible stores).")
  boolean pathStyle;

  @Option(
      names = "--s3-region",
      paramLabel = "REGION",
      description = "AWS region; default: the SDK's chain ($AWS_REGION, profile).")
  @Nullable String region;

  /**
   * Applies the options to this JVM's S3 storage and returns the environment variables that give a
   * child JVM the same settings (empty when no option was given).
   */
  Map<String, String> apply() {
    Map<String, String> environment = new LinkedHashMap<>();
    if (endpoint == null && !pathStyle && region == null) {
      return environment;
    }
    S3Settings settings = S3Settings.fromEnvironment();
    if (endpoint != null) {
      try {
        settings = settings.withEndpoint(URI.create(endpoint));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--s3-endpoint " + endpoint + ": " + e.getMessage(), e);
      }
      environment.put(S3Settings.ENV_ENDPOINT_S3, endpoint);
    }
    if (pathStyle) {
      settings = settings.withPathStyle(true);
      environment.put(S3Settings.ENV_PATH_STYLE, "true");
    }
    if (region != null) {
      settings = settings.withRegion(region);
      environment.put("AWS_REGION", region);
    }
    S3Storage.register(settings);
    return environment;
  }
}
