package io.zoopipe.cli;

import static java.util.Objects.requireNonNullElse;

import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.storage.s3.S3Settings;
import io.zoopipe.storage.s3.S3Settings.Tunable;
import io.zoopipe.storage.s3.S3StorageProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The S3 options shared by {@code run} and {@code serve}, which give the command its {@link
 * StorageFactory}. Without them, S3 is configured by the AWS SDK's default chains and the
 * environment ({@code AWS_ENDPOINT_URL}, {@code ZOOPIPE_S3_PATH_STYLE}, {@code ZOOPIPE_S3_PART_MIB}
 * and the rest of {@link S3Settings}'s variables), read when an {@code s3://} location is first
 * used. With them, the command's {@code s3://} storage has their settings, and the same settings
 * reach local worker JVMs through their environment; a fleet worker ({@code zoopipe worker}) takes
 * the environment variables.
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

  @Option(
      names = "--s3-part-mib",
      paramLabel = "MIB",
      description =
          "Multipart upload part size in MiB, 5 to 2047 (default: 8, or $ZOOPIPE_S3_PART_MIB);"
              + " an output buffers (parts in flight + 1) parts.")
  @Nullable String partMib;

  @Option(
      names = "--s3-parts-in-flight",
      paramLabel = "N",
      description =
          "Parts of one output uploaded at once, 1 to 64 (default: 4, or"
              + " $ZOOPIPE_S3_PARTS_IN_FLIGHT).")
  @Nullable String partsInFlight;

  @Option(
      names = "--s3-read-chunk-mib",
      paramLabel = "MIB",
      description =
          "Size of each read-ahead ranged GET in MiB, 1 to 1024 (default: 8, or"
              + " $ZOOPIPE_S3_READ_CHUNK_MIB).")
  @Nullable String readChunkMib;

  @Option(
      names = "--s3-reads-in-flight",
      paramLabel = "N",
      description =
          "Read-ahead GETs in flight per input stream, 1 to 64 (default: 4, or"
              + " $ZOOPIPE_S3_READS_IN_FLIGHT); a stream buffers (N + 1) chunks.")
  @Nullable String readsInFlight;

  /**
   * The command's storage and what its local worker JVMs need to match it.
   *
   * @param storage local files and whatever storage modules are on the class path, {@code s3://}
   *     with the options' settings when any was given
   * @param workerEnvironment the environment variables that give a child JVM the same S3 settings
   *     (empty when no option was given)
   */
  record Configured(StorageFactory storage, Map<String, String> workerEnvironment) {
    Configured {
      workerEnvironment = Map.copyOf(workerEnvironment);
    }
  }

  /**
   * Builds the storage from the options.
   *
   * @throws UsageException naming the option or variable when a setting is invalid
   */
  Configured configure() {
    return configure(null);
  }

  /** As {@link #configure()}, serving {@code -} with {@code standardStreams} when given. */
  Configured configure(io.zoopipe.common.io.@Nullable Storage standardStreams) {
    Map<String, String> environment = new LinkedHashMap<>();
    if (endpoint == null
        && !pathStyle
        && region == null
        && partMib == null
        && partsInFlight == null
        && readChunkMib == null
        && readsInFlight == null) {
      // The environment is read, and checked, where an s3:// location is used.
      return new Configured(
          withStreams(StorageFactory.builder().discoverProviders(), standardStreams).build(),
          environment);
    }
    S3Settings settings;
    try {
      settings = S3Settings.fromEnvironment();
    } catch (IllegalArgumentException e) {
      throw new UsageException("S3 settings from the environment: " + e.getMessage(), e);
    }
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
    settings = tune(settings, environment, Tunable.PART_MIB, "--s3-part-mib", partMib);
    settings =
        tune(settings, environment, Tunable.PARTS_IN_FLIGHT, "--s3-parts-in-flight", partsInFlight);
    settings =
        tune(settings, environment, Tunable.READ_CHUNK_MIB, "--s3-read-chunk-mib", readChunkMib);
    settings =
        tune(settings, environment, Tunable.READS_IN_FLIGHT, "--s3-reads-in-flight", readsInFlight);
    StorageFactory.Builder builder =
        StorageFactory.builder().discoverProviders().provider(new S3StorageProvider(settings));
    StorageFactory storage = withStreams(builder, standardStreams).build();
    return new Configured(storage, environment);
  }

  private static StorageFactory.Builder withStreams(
      StorageFactory.Builder builder, io.zoopipe.common.io.@Nullable Storage standardStreams) {
    return standardStreams == null
        ? builder
        : builder.storage(io.zoopipe.common.io.Location.STANDARD_STREAM, standardStreams);
  }

  /** {@code settings} with {@code flag}'s value, if given, which also goes to the workers. */
  private static S3Settings tune(
      S3Settings settings,
      Map<String, String> environment,
      Tunable tunable,
      String flag,
      @Nullable String text) {
    if (text == null) {
      return settings;
    }
    S3Settings tuned;
    try {
      tuned = tunable.apply(settings, flag, text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(requireNonNullElse(e.getMessage(), e.toString()), e);
    }
    environment.put(tunable.variable(), text.trim());
    return tuned;
  }
}
