package io.zoopipe.storage.s3;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.ResumableStorage;
import io.zoopipe.common.io.StagedObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 side of a crash-consistent commit: completing and aborting staged multipart uploads from
 * their {@link UploadHandle}, in this process or a later one, listing the commit records beside a
 * destination, and aborting the uploads to a destination's key that a dead process left. S3 has no
 * locks that die with a process, so an upload no record names is taken as abandoned only once it
 * was initiated more than {@code abandonAfter} ago. Thread-safe.
 */
final class StagedUploads {
  private static final Logger logger = LoggerFactory.getLogger(StagedUploads.class);

  private final S3Client client;
  private final Duration abandonAfter;

  StagedUploads(S3Client client, Duration abandonAfter) {
    this.client = requireNonNull(client, "client is null");
    this.abandonAfter = requireNonNull(abandonAfter, "abandonAfter is null");
    if (abandonAfter.isNegative()) {
      throw new IllegalArgumentException("abandonAfter must not be negative, got " + abandonAfter);
    }
  }

  Duration abandonAfter() {
    return abandonAfter;
  }

  /**
   * Completes a staged upload. S3 answers a second completion of a completed upload with
   * NoSuchUpload (or, in some stores, success): then the object at the key must be the one the
   * upload made, which its size stands for; anything else is an error.
   */
  void publish(StagedObject staged) throws IOException {
    Location target = staged.target();
    UploadHandle handle = handle(staged);
    // Past the commit point a completion must be sent even from an interrupted thread (the SDK
    // refuses to start a call while the flag is set); the flag is kept for the caller.
    boolean interrupted = Thread.interrupted();
    try {
      client.completeMultipartUpload(
          b ->
              b.bucket(target.authority())
                  .key(target.path())
                  .uploadId(handle.uploadId())
                  .multipartUpload(m -> m.parts(handle.parts())));
    } catch (NoSuchUploadException e) {
      HeadObjectResponse head = headIfExists(target);
      if (head == null || head.contentLength() != handle.size()) {
        IOException gone =
            new IOException(
                target
                    + ": staged upload "
                    + handle.uploadId()
                    + " is gone and the object there is not its "
                    + handle.size()
                    + " bytes");
        gone.initCause(e);
        throw gone;
      }
      logger.debug("Upload {} of {} was already completed", handle.uploadId(), target);
    } catch (SdkException e) {
      throw S3Errors.translate(e, target, "completing staged upload " + handle.uploadId());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Aborts a staged upload; one already gone is no error. Never throws. */
  void discard(StagedObject staged) {
    Location target = staged.target();
    String uploadId;
    try {
      uploadId = handle(staged).uploadId();
    } catch (IOException e) {
      logger.warn("Cannot discard {}: {}", target, e.getMessage());
      return;
    }
    abort(target, uploadId);
  }

  /** The objects beside {@code destination} whose names start with {@code namePrefix}. */
  List<ResumableStorage.Sibling> siblings(Location destination, String namePrefix)
      throws IOException {
    String path = destination.path();
    String prefix = path.substring(0, path.lastIndexOf('/') + 1) + namePrefix;
    List<ResumableStorage.Sibling> found = new ArrayList<>();
    String token = null;
    try {
      do {
        String continuation = token;
        ListObjectsV2Response page =
            client.listObjectsV2(
                b ->
                    b.bucket(destination.authority())
                        .prefix(prefix)
                        .continuationToken(continuation));
        for (S3Object object : page.contents()) {
          found.add(
              new ResumableStorage.Sibling(
                  new Location(destination.scheme(), destination.authority(), object.key()),
                  object.lastModified()));
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw S3Errors.translate(e, destination, "listing beside");
    }
    return found;
  }

  /**
   * Aborts every upload to exactly {@code destination}'s key initiated more than {@code
   * abandonAfter} before {@code now}, except those in {@code keep}. Never throws.
   */
  List<String> removeAbandoned(Location destination, Set<StagedObject> keep, Instant now) {
    List<String> kept = new ArrayList<>();
    for (StagedObject staged : keep) {
      try {
        kept.add(handle(staged).uploadId());
      } catch (IOException e) {
        // Not ours to judge: it stays in the set of ids not aborted only if it parses.
      }
    }
    Instant before = now.minus(abandonAfter);
    List<String> done = new ArrayList<>();
    try {
      String keyMarker = null;
      String idMarker = null;
      do {
        String key = keyMarker;
        String id = idMarker;
        ListMultipartUploadsResponse page =
            client.listMultipartUploads(
                b ->
                    b.bucket(destination.authority())
                        .prefix(destination.path())
                        .keyMarker(key)
                        .uploadIdMarker(id));
        for (MultipartUpload upload : page.uploads()) {
          if (upload.key().equals(destination.path())
              && !kept.contains(upload.uploadId())
              && upload.initiated() != null
              && !upload.initiated().isAfter(before)) {
            abort(destination, upload.uploadId());
            done.add("aborted upload " + upload.uploadId() + " of " + destination);
          }
        }
        boolean more = Boolean.TRUE.equals(page.isTruncated());
        keyMarker = more ? page.nextKeyMarker() : null;
        idMarker = more ? page.nextUploadIdMarker() : null;
      } while (keyMarker != null);
    } catch (SdkException e) {
      logger.warn(
          "Cannot list the uploads to {}: {}",
          destination,
          S3Errors.oneLine(e.getMessage(), e.getClass().getSimpleName()));
    }
    return done;
  }

  private void abort(Location target, String uploadId) {
    boolean interrupted = Thread.interrupted(); // cleanup runs on cancelled threads too
    try {
      client.abortMultipartUpload(
          b -> b.bucket(target.authority()).key(target.path()).uploadId(uploadId));
    } catch (NoSuchUploadException e) {
      // Already aborted or completed.
    } catch (SdkException e) {
      logger.warn(
          "Could not abort multipart upload {} of {}: {}",
          uploadId,
          target,
          S3Errors.oneLine(e.getMessage(), e.getClass().getSimpleName()));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private @Nullable HeadObjectResponse headIfExists(Location target) throws IOException {
    try {
      return client.headObject(b -> b.bucket(target.authority()).key(target.path()));
    } catch (S3Exception e) {
      if (S3Errors.isNotFound(e)) {
        return null;
      }
      throw S3Errors.translate(e, target, "reading metadata");
    } catch (SdkException e) {
      throw S3Errors.translate(e, target, "reading metadata");
    }
  }

  private static UploadHandle handle(StagedObject staged) throws IOException {
    try {
      return UploadHandle.parse(staged.handle());
    } catch (IllegalArgumentException e) {
      throw new IOException(staged.target() + ": " + e.getMessage(), e);
    }
  }
}
