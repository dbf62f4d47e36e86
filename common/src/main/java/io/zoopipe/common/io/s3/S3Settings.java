package io.zoopipe.common.io.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How {@link S3Storage} reaches and uses an S3 endpoint. An immutable value, validated on
 * construction; the withers return copies.
 *
 * <p>Memory: an open read stream buffers at most {@code (requestsInFlight + 1) *
 * prefetchChunkBytes}; an output being written buffers at most {@code (partsInFlight + 1) *
 * partSizeBytes}. With the defaults that is 40 MiB each.
 *
 * @param endpoint an endpoint override for S3-compatible stores ({@code http://localhost:9000}), or
 *     {@code null} for AWS's own endpoints
 * @param region the signing region, or {@code null} for the SDK's default region chain ({@code
 *     AWS_REGION}, profile, instance metadata); if that finds nothing, {@code us-east-1} is used,
 *     with cross-region access enabled when no endpoint override is set
 * @param pathStyle whether to address buckets as {@code endpoint/bucket/key} rather than {@code
 *     bucket.endpoint/key}; most S3-compatible stores need it
 * @param credentials a fixed access key pair, or {@code null} for the SDK's default credentials
 *     chain (environment, system properties, profile, web identity, container and instance roles)
 * @param partSizeBytes the size of each uploaded part of a multipart upload, and the threshold
 *     above which an output becomes a multipart upload; at least {@link #MIN_PART_SIZE_BYTES} (an
 *     S3 rule). Each part is buffered in memory. A multipart upload has at most 10,000 parts, so
 *     the part size bounds the largest output ({@code 8 MiB * 10,000 = 78 GiB} by default)
 * @param partsInFlight how many parts of one output, or of one concatenation, are uploaded or
 *     copied concurrently (at least 1); a concatenation holds at most this many downloaded parts of
 *     under 10 MiB each
 * @param prefetchChunkBytes the size of each ranged GET a read stream issues ahead of its consumer
 *     (at least 1)
 * @param requestsInFlight how many ranged GETs a read stream keeps in flight ahead of its consumer
 *     (at least 1)
 * @param retries how many times a transient failure (HTTP 5xx or 429, a broken connection) is
 *     retried, both by the SDK for each call and by a read stream for a chunk whose body broke off
 *     midway (at least 0)
 */
public record S3Settings(
    @Nullable URI endpoint,
    @Nullable String region,
    boolean pathStyle,
    S3Settings.@Nullable Credentials credentials,
    int partSizeBytes,
    int partsInFlight,
    int prefetchChunkBytes,
    int requestsInFlight,
    int retries) {
  /** The smallest part S3 accepts for any part of a multipart upload except the last: 5 MiB. */
  public static final int MIN_PART_SIZE_BYTES = 5 << 20;

  public static final int DEFAULT_PART_SIZE_BYTES = 8 << 20;
  public static final int DEFAULT_PARTS_IN_FLIGHT = 4;
  public static final int DEFAULT_PREFETCH_CHUNK_BYTES = 8 << 20;
  public static final int DEFAULT_REQUESTS_IN_FLIGHT = 4;
  public static final int DEFAULT_RETRIES = 3;

  /** Read by {@link #fromEnvironment()}: the S3 endpoint override; wins over the next. */
  public static final String ENV_ENDPOINT_S3 = "AWS_ENDPOINT_URL_S3";

  /** Read by {@link #fromEnvironment()}: the endpoint override for all AWS services. */
  public static final String ENV_ENDPOINT = "AWS_ENDPOINT_URL";

  /** Read by {@link #fromEnvironment()}: {@code true} selects path-style access. */
  public static final String ENV_PATH_STYLE = "ZOOPIPE_S3_PATH_STYLE";

  /** Read by {@link #fromEnvironment()}: the multipart part size, in MiB (5 to 2047). */
  public static final String ENV_PART_MIB = "ZOOPIPE_S3_PART_MIB";

  /** Read by {@link #fromEnvironment()}: parts uploaded at once per output (1 to 64). */
  public static final String ENV_PARTS_IN_FLIGHT = "ZOOPIPE_S3_PARTS_IN_FLIGHT";

  /** Read by {@link #fromEnvironment()}: the size of each read-ahead GET, in MiB (1 to 1024). */
  public static final String ENV_READ_CHUNK_MIB = "ZOOPIPE_S3_READ_CHUNK_MIB";

  /** Read by {@link #fromEnvironment()}: read-ahead GETs in flight per read stream (1 to 64). */
  public static final String ENV_READS_IN_FLIGHT = "ZOOPIPE_S3_READS_IN_FLIGHT";

  /** The largest part size in MiB that fits the part buffers (Java arrays). */
  public static final int MAX_PART_MIB = 2047;

  /** The largest read-ahead GET, in MiB. */
  public static final int MAX_READ_CHUNK_MIB = 1024;

  /** The most parts or read-ahead GETs one stream may have in flight. */
  public static final int MAX_IN_FLIGHT = 64;

  public S3Settings {
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
      throw new IllegalArgumentException(
          "S3 endpoint must be an absolute URI such as http://localhost:9000, got " + endpoint);
    }
    if (region != null && region.isBlank()) {
      throw new IllegalArgumentException("S3 region is blank; leave it unset for the default");
    }
    if (partSizeBytes < MIN_PART_SIZE_BYTES) {
      throw new IllegalArgumentException(
          "S3 part size must be >= "
              + MIN_PART_SIZE_BYTES
              + " bytes (5 MiB), got "
              + partSizeBytes);
    }
    requireAtLeast("S3 parts in flight", partsInFlight, 1);
    requireAtLeast("S3 prefetch chunk size", prefetchChunkBytes, 1);
    requireAtLeast("S3 requests in flight", requestsInFlight, 1);
    requireAtLeast("S3 retries", retries, 0);
  }

  /** AWS's endpoints, default region and credential chains, and the default sizes. */
  public static S3Settings defaults() {
    return new S3Settings(
        null,
        null,
        false,
        null,
        DEFAULT_PART_SIZE_BYTES,
        DEFAULT_PARTS_IN_FLIGHT,
        DEFAULT_PREFETCH_CHUNK_BYTES,
        DEFAULT_REQUESTS_IN_FLIGHT,
        DEFAULT_RETRIES);
  }

  /**
   * The defaults, with the endpoint from {@value #ENV_ENDPOINT_S3} or else {@value #ENV_ENDPOINT},
   * path-style access if {@value #ENV_PATH_STYLE} is {@code true}, and the sizes from {@value
   * #ENV_PART_MIB}, {@value #ENV_PARTS_IN_FLIGHT}, {@value #ENV_READ_CHUNK_MIB} and {@value
   * #ENV_READS_IN_FLIGHT} where set. Region and credentials are left to the SDK's chains, which
   * read {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code
   * AWS_PROFILE} and the rest themselves.
   */
  public static S3Settings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** As {@link #fromEnvironment()}, reading the given variables instead of the process's. */
  public static S3Settings fromEnvironment(Map<String, String> environment) {
    S3Settings settings = defaults();
    String endpoint = nonBlank(environment.get(ENV_ENDPOINT_S3));
    if (endpoint == null) {
      endpoint = nonBlank(environment.get(ENV_ENDPOINT));
    }
    if (endpoint != null) {
      settings = settings.withEndpoint(parseEndpoint(endpoint));
    }
    String pathStyle = nonBlank(environment.get(ENV_PATH_STYLE));
    if (pathStyle != null) {
      settings = settings.withPathStyle(parseBoolean(ENV_PATH_STYLE, pathStyle));
    }
    String partMib = nonBlank(environment.get(ENV_PART_MIB));
    if (partMib != null) {
      settings =
          settings.withPartSizeBytes(
              parseWhole(ENV_PART_MIB, partMib, MIN_PART_SIZE_BYTES >> 20, MAX_PART_MIB) << 20);
    }
    String parts = nonBlank(environment.get(ENV_PARTS_IN_FLIGHT));
    if (parts != null) {
      settings =
          settings.withPartsInFlight(parseWhole(ENV_PARTS_IN_FLIGHT, parts, 1, MAX_IN_FLIGHT));
    }
    String chunkMib = nonBlank(environment.get(ENV_READ_CHUNK_MIB));
    if (chunkMib != null) {
      settings =
          settings.withPrefetchChunkBytes(
              parseWhole(ENV_READ_CHUNK_MIB, chunkMib, 1, MAX_READ_CHUNK_MIB) << 20);
    }
    String reads = nonBlank(environment.get(ENV_READS_IN_FLIGHT));
    if (reads != null) {
      settings =
          settings.withRequestsInFlight(parseWhole(ENV_READS_IN_FLIGHT, reads, 1, MAX_IN_FLIGHT));
    }
    return settings;
  }

  /**
   * Parses a whole number in {@code [min, max]} given as text by {@code name} (a flag or an
   * environment variable), with a message naming it.
   */
  public static int parseWhole(String name, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
  }

  /** Parses an endpoint given as text (a flag or variable), with a message naming it. */
  public static URI parseEndpoint(String text) {
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("S3 endpoint '" + text + "' is not a valid URI", e);
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "S3 endpoint '" + text + "' must look like http://host:port");
    }
    return uri;
  }

  public S3Settings withEndpoint(@Nullable URI endpoint) {
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        credentials,
        partSizeBytes,
        partsInFlight,
        prefetchChunkBytes,
        requestsInFlight,
        retries);
  }

  public S3Settings withRegion(@Nullable String region) {
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        credentials,
        partSizeBytes,
        partsInFlight,
        prefetchChunkBytes,
        requestsInFlight,
        retries);
  }

  public S3Settings withPathStyle(boolean pathStyle) {
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        credentials,
        partSizeBytes,
        partsInFlight,
        prefetchChunkBytes,
        requestsInFlight,
        retries);
  }

  public S3Settings withCredentials(@Nullable Credentials credentials) {
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        credentials,
        partSizeBytes,
        partsInFlight,
        prefetchChunkBytes,
        requestsInFlight,
        retries);
  }

  public S3Settings withPartSizeBytes(int partSizeBytes) {
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        credentials,
        partSizeBytes,
        partsInFlight,
        prefetchChunkBytes,
        requestsInFlight,
        retries);
  }

  public S3Settings withPartsInFlight(int partsInFlight) {
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        credentials,
        partSizeBytes,
        partsInFlight,
        prefetchChunkBytes,
        requestsInFlight,
        retries);
  }

  public S3Settings withPrefetchChunkBytes(int prefetchChunkBytes) {
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        credentials,
        partSizeBytes,
        partsInFlight,
        prefetchChunkBytes,
        requestsInFlight,
        retries);
  }

  public S3Settings withRequestsInFlight(int requestsInFlight) {
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        credentials,
        partSizeBytes,
        partsInFlight,
        prefetchChunkBytes,
        requestsInFlight,
        retries);
  }

  public S3Settings withRetries(int retries) {
    return new S3Settings(
        endpoint,
        region,
        pathStyle,
        credentials,
        partSizeBytes,
        partsInFlight,
        prefetchChunkBytes,
        requestsInFlight,
        retries);
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }

  private static @Nullable String nonBlank(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    };
  }

  /**
   * A fixed access key pair. {@link #toString()} hides the secret so settings can be logged.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   */
  public record Credentials(String accessKeyId, String secretAccessKey) {
    public Credentials {
      requireNonNull(accessKeyId, "accessKeyId is null");
      requireNonNull(secretAccessKey, "secretAccessKey is null");
      if (accessKeyId.isBlank()) {
        throw new IllegalArgumentException("S3 access key id is blank");
      }
    }

    @Override
    public String toString() {
      return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
  }
}
