package io.zoopipe.storage.s3;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Piece;
import io.zoopipe.common.io.ResumableStorage;
import io.zoopipe.common.io.StagedObject;
import io.zoopipe.common.io.StagedOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link io.zoopipe.common.io.Storage} for {@code s3://bucket/key} locations on Amazon S3 or an
 * S3-compatible store, through one AWS SDK v2 {@link S3Client} (Apache HttpClient 5) configured by
 * {@link S3Settings}.
 *
 * <ul>
 *   <li>Reads issue ranged GETs on background threads, several in flight, so the reading thread
 *       seldom waits on the network ({@link PrefetchingInputStream}).
 *   <li>Writes stream a multipart upload with a bounded number of parts in flight; nothing is
 *       visible at the key until {@link AtomicOutput#commit()}, and an aborted or unclosed output
 *       aborts its upload.
 *   <li>{@link #concatenate} assembles the target server-side from the sources (UploadPartCopy),
 *       downloading only sources smaller than the 5 MiB minimum part size.
 *   <li>Errors name the location: a missing key or bucket raises {@link NoSuchFileException}, a
 *       refused request {@link java.nio.file.AccessDeniedException}.
 * </ul>
 *
 * <p>Staged outputs ({@link AtomicOutput#stage()}, {@link #stageConcatenation}) are multipart
 * uploads left open, which outlive this process: a commit record names them, and a later run
 * completes or aborts them ({@link ResumableStorage}).
 *
 * <p>Thread-safe. Owns its client and a pool of daemon threads; {@link #close()} releases them and
 * fails the streams still open.
 */
public final class S3Storage implements ResumableStorage, AutoCloseable {
  /** The location scheme this storage serves. */
  public static final String SCHEME = "s3";

  /**
   * The system property that sets {@link #abandonAfter()} as an ISO-8601 duration ({@code PT24H},
   * {@code PT0S}); 24 hours by default.
   */
  public static final String ABANDON_AFTER_PROPERTY = "zoopipe.s3.abandonAfter";

  private static final Duration DEFAULT_ABANDON_AFTER = Duration.ofHours(24);
  private static final int MAX_CONNECTIONS = 64;
  private static final AtomicInteger poolCount = new AtomicInteger();

  private final S3Settings settings;
  private final S3Client client;
  private final ExecutorService executor;
  private final StagedUploads uploads;

  public S3Storage(S3Settings settings) {
    this(settings, List.of());
  }

  /** With SDK interceptors on every request (tests use them to inject faults and count calls). */
  S3Storage(S3Settings settings, List<ExecutionInterceptor> interceptors) {
    this(settings, interceptors, abandonAfterFromSystemProperty());
  }

  /** With {@code abandonAfter} instead of {@value #ABANDON_AFTER_PROPERTY}'s. */
  S3Storage(S3Settings settings, List<ExecutionInterceptor> interceptors, Duration abandonAfter) {
    this.settings = requireNonNull(settings, "settings is null");
    this.client = buildClient(settings, interceptors);
    this.executor = newPool();
    this.uploads = new StagedUploads(client, abandonAfter);
  }

  private static Duration abandonAfterFromSystemProperty() {
    String text = System.getProperty(ABANDON_AFTER_PROPERTY);
    if (text == null || text.isBlank()) {
      return DEFAULT_ABANDON_AFTER;
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          ABANDON_AFTER_PROPERTY + " must be an ISO-8601 duration such as PT24H, got " + text, e);
    }
  }

  public S3Settings settings() {
    return settings;
  }

  @Override
  public long size(Location location) throws IOException {
    return head(location).contentLength();
  }

  @Override
  public boolean exists(Location location) throws IOException {
    return headIfExists(location) != null;
  }

  @Override
  public InputStream open(Location location, long start, long endHint) throws IOException {
    if (start < 0) {
      throw new IllegalArgumentException(location + ": negative start offset " + start);
    }
    HeadObjectResponse head = head(location);
    long size = head.contentLength();
    if (start >= size) {
      return InputStream.nullInputStream();
    }
    ObjectReader reader = new ObjectReader(client, location, head.eTag(), settings.retries());
    return new PrefetchingInputStream(
        reader,
        executor,
        start,
        endHint,
        size,
        settings.prefetchChunkBytes(),
        settings.requestsInFlight());
  }

  @Override
  public void checkWritable(Location location) throws IOException {
    requireS3(location);
    try {
      client.headBucket(b -> b.bucket(location.authority()));
    } catch (S3Exception e) {
      if (S3Errors.isNotFound(e)) {
        NoSuchFileException missing = S3Errors.noSuchBucket(location);
        missing.initCause(e);
        throw missing;
      }
      throw S3Errors.translate(e, location, "checking the bucket");
    } catch (SdkException e) {
      throw S3Errors.translate(e, location, "checking the bucket");
    }
  }

  @Override
  public AtomicOutput create(Location location) {
    requireS3(location);
    return new S3AtomicOutput(
        client, uploads, location, executor, settings.partSizeBytes(), settings.partsInFlight());
  }

  /**
   * {@inheritDoc} Cleanup often runs on a cancelled (interrupted) thread, so the delete is sent
   * regardless of the interrupt flag, which is kept.
   */
  @Override
  public void delete(Location location) throws IOException {
    requireS3(location);
    boolean interrupted = Thread.interrupted();
    try {
      client.deleteObject(b -> b.bucket(location.authority()).key(location.path()));
    } catch (S3Exception e) {
      if (!S3Errors.isNotFound(e)) { // no bucket, nothing to delete
        throw S3Errors.translate(e, location, "deleting");
      }
    } catch (SdkException e) {
      throw S3Errors.translate(e, location, "deleting");
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void concatenate(List<Location> sources, Location target) throws IOException {
    requireS3(target);
    sources.forEach(S3Storage::requireS3);
    new S3Concatenation(this, client, executor, settings, target).run(List.copyOf(sources));
  }

  /**
   * Stages a server-side concatenation as an open multipart upload with every part copied or
   * uploaded: a commit record can name it, and a later process complete it (see {@link
   * S3StagedUpload}).
   */
  @Override
  public StagedOutput stageConcatenation(List<Location> sources, Location target)
      throws IOException {
    requireS3(target);
    sources.forEach(S3Storage::requireS3);
    return new S3Concatenation(this, client, executor, settings, target)
        .stage(List.copyOf(sources), uploads);
  }

  /**
   * Stages the composition as an open multipart upload: ranges of at least 5 MiB are copied
   * server-side, smaller ones downloaded and uploaded with the bytes given (see {@link
   * ConcatenationPlan}).
   */
  @Override
  public StagedOutput stageComposition(List<Piece> pieces, Location target) throws IOException {
    requireS3(target);
    for (Piece piece : pieces) {
      if (piece instanceof Piece.Range range) {
        requireS3(range.source());
      }
    }
    return new S3Concatenation(this, client, executor, settings, target)
        .stageComposition(List.copyOf(pieces), uploads);
  }

  @Override
  public List<Sibling> siblings(Location destination, String namePrefix) throws IOException {
    requireS3(destination);
    return uploads.siblings(destination, namePrefix);
  }

  @Override
  public void publish(StagedObject staged) throws IOException {
    requireS3(staged.target());
    uploads.publish(staged);
  }

  @Override
  public void discard(StagedObject staged) {
    requireS3(staged.target());
    uploads.discard(staged);
  }

  /**
   * {@inheritDoc} On S3: aborts the multipart uploads to exactly {@code destination}'s key, whoever
   * started them, initiated more than {@link #abandonAfter()} ago.
   */
  @Override
  public List<String> removeAbandoned(Location destination, Set<StagedObject> keep, Instant now) {
    requireS3(destination);
    return uploads.removeAbandoned(destination, keep, now);
  }

  @Override
  public Duration abandonAfter() {
    return uploads.abandonAfter();
  }

  /** Closes the client and stops the pool; streams and outputs still open fail from now on. */
  @Override
  public void close() {
    executor.shutdownNow();
    client.close();
  }

  /** The HEAD of an object; a missing key or bucket raises {@link NoSuchFileException}. */
  HeadObjectResponse head(Location location) throws IOException {
    HeadObjectResponse head = headIfExists(location);
    if (head == null) {
      throw new NoSuchFileException(location.toString(), null, "no such object");
    }
    return head;
  }

  /** The HEAD of an object, or null if the key is missing; a missing bucket raises. */
  private @Nullable HeadObjectResponse headIfExists(Location location) throws IOException {
    requireS3(location);
    try {
      return client.headObject(b -> b.bucket(location.authority()).key(location.path()));
    } catch (S3Exception e) {
      if (!S3Errors.isNotFound(e)) {
        throw S3Errors.translate(e, location, "reading metadata");
      }
      // A HEAD response has no body, so a 404 does not say whether the bucket or key is missing.
      if (!bucketExists(location)) {
        NoSuchFileException missing = S3Errors.noSuchBucket(location);
        missing.initCause(e);
        throw missing;
      }
      return null;
    } catch (SdkException e) {
      throw S3Errors.translate(e, location, "reading metadata");
    }
  }

  private boolean bucketExists(Location location) throws IOException {
    try {
      client.headBucket(b -> b.bucket(location.authority()));
      return true;
    } catch (S3Exception e) {
      if (S3Errors.isNotFound(e)) {
        return false;
      }
      throw S3Errors.translate(e, location, "checking the bucket");
    } catch (SdkException e) {
      throw S3Errors.translate(e, location, "checking the bucket");
    }
  }

  private static void requireS3(Location location) {
    if (!location.scheme().equals(SCHEME)) {
      throw new IllegalArgumentException(location + " is not an s3:// location");
    }
  }

  private static S3Client buildClient(
      S3Settings settings, List<ExecutionInterceptor> interceptors) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .maxConnections(MAX_CONNECTIONS)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .forcePathStyle(settings.pathStyle())
            .overrideConfiguration(
                o -> {
                  o.retryStrategy(retry -> retry.maxAttempts(settings.retries() + 1));
                  interceptors.forEach(o::addExecutionInterceptor);
                });
    if (settings.endpoint() != null) {
      // S3-compatible stores vary in their support for the SDK's newer default checksums
      // (aws-chunked trailers); send and check them only where the API requires it.
      builder
          .endpointOverride(settings.endpoint())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    S3Settings.Credentials credentials = settings.credentials();
    if (credentials != null) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  credentials.accessKeyId(), credentials.secretAccessKey())));
    }
    configureRegion(builder, settings);
    return builder.build();
  }

  private static void configureRegion(S3ClientBuilder builder, S3Settings settings) {
    String region = settings.region();
    if (region != null) {
      builder.region(Region.of(region));
      return;
    }
    // With an endpoint override the region only signs requests: look where it is cheap to look
    // (AWS_REGION, aws.region, the profile), not at instance metadata, which takes seconds to
    // time out off EC2.
    AwsRegionProvider provider =
        settings.endpoint() == null
            ? new DefaultAwsRegionProviderChain()
            : new AwsRegionProviderChain(
                new SystemSettingsRegionProvider(), new AwsProfileRegionProvider());
    try {
      builder.region(provider.getRegion());
    } catch (SdkClientException e) {
      // No region configured anywhere: us-east-1 signs for any S3-compatible store, and on AWS
      // cross-region access follows the bucket to its own region.
      builder.region(Region.US_EAST_1).crossRegionAccessEnabled(settings.endpoint() == null);
    }
  }

  private static ExecutorService newPool() {
    int pool = poolCount.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    // Unbounded in threads but not in work: each stream and output caps its own requests in
    // flight, so the threads alive are the sum of those caps over the open streams.
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        30,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        task -> {
          Thread thread =
              new Thread(task, "zoopipe-s3-" + pool + "-io-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }
}
