package io.zoopipe.storage.s3;

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
    @Nullable Credentials credentials,
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

  /**
   * The sizes and concurrency a user may set, each by an environment variable read by {@link
   * #fromEnvironment()} (and by a command-line flag of the same range): a whole number in {@code
   * [min, max]}.
   */
  public enum Tunable {
    /** The multipart part size, in MiB. */
    PART_MIB("ZOOPIPE_S3_PART_MIB", MIN_PART_SIZE_BYTES >> 20, 2047),
    /** Parts of one output uploaded at once. */
    PARTS_IN_FLIGHT("ZOOPIPE_S3_PARTS_IN_FLIGHT", 1, 64),
    /** The size of each read-ahead ranged GET, in MiB. */
    READ_CHUNK_MIB("ZOOPIPE_S3_READ_CHUNK_MIB", 1, 1024),
    /** Read-ahead GETs in flight per read stream. */
    READS_IN_FLIGHT("ZOOPIPE_S3_READS_IN_FLIGHT", 1, 64);

    private final String variable;
    private final int min;
    private final int max;

    Tunable(String variable, int min, int max) {
      this.variable = variable;
      this.min = min;
      this.max = max;
    }

    /** The environment variable that sets it. */
    public String variable() {
      return variable;
    }

    /**
     * {@code settings} with this set to {@code text}, given by {@code name} (a flag or variable).
     *
     * @throws IllegalArgumentException naming {@code name} when {@code text} is not a whole number
     *     in range
     */
    public S3Settings apply(S3Settings settings, String name, String text) {
      int value;
      try {
        value = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        value = Integer.MIN_VALUE;
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
      }
      return switch (this) {
        case PART_MIB -> settings.withPartSizeBytes(value << 20);
        case PARTS_IN_FLIGHT -> settings.withPartsInFlight(value);
        case READ_CHUNK_MIB -> settings.withPrefetchChunkBytes(value << 20);
        case READS_IN_FLIGHT -> settings.withRequestsInFlight(value);
      };
    }
  }

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
   * path-style access if {@value #ENV_PATH_STYLE} is {@code true}, and each {@link Tunable} from
   * its variable where set. Region and credentials are left to the SDK's chains, which read {@code
   * AWS_REGION}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE} and
   * the rest themselves.
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
    for (Tunable tunable : Tunable.values()) {
      String text = nonBlank(environment.get(tunable.variable()));
      if (text != null) {
        settings = tunable.apply(settings, tunable.variable(), text);
      }
    }
    return settings;
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
