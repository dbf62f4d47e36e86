package io.zoopipe.storage.s3;

import io.zoopipe.common.io.Location;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Fetches byte ranges of one object version with ranged GETs, retrying transient failures
 * (including a body that breaks off midway, which the SDK's own retries do not cover). Thread-safe:
 * the chunks of one read stream are fetched concurrently on the storage's pool.
 */
final class ObjectReader {
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final S3Client client;
  private final Location location;
  private final @Nullable String eTag;
  private final int retries;

  /**
   * @param eTag the version read, from the HEAD at open; each GET is conditional on it, so an
   *     object replaced while it is being read fails loudly instead of mixing two versions
   */
  ObjectReader(S3Client client, Location location, @Nullable String eTag, int retries) {
    this.client = client;
    this.location = location;
    this.eTag = eTag;
    this.retries = retries;
  }

  Location location() {
    return location;
  }

  /**
   * Reads exactly {@code length} bytes at {@code offset} into {@code target[targetOffset...]}.
   * {@code cancel} is told about the open response so that a cancelled read can abort the
   * connection rather than drain it.
   */
  void readInto(byte[] target, int targetOffset, long offset, int length, Cancellable cancel)
      throws IOException {
    if (length == 0) {
      return;
    }
    GetObjectRequest.Builder request =
        GetObjectRequest.builder()
            .bucket(location.authority())
            .key(location.path())
            .range("bytes=" + offset + "-" + (offset + length - 1));
    if (eTag != null) {
      request.ifMatch(eTag);
    }
    GetObjectRequest get = request.build();
    for (int attempt = 0; ; attempt++) {
      cancel.throwIfCancelled(location);
      try {
        readOnce(get, target, targetOffset, offset, length, cancel);
        return;
      } catch (IOException | SdkException e) {
        cancel.throwIfCancelled(location);
        if (attempt >= retries || !S3Errors.isTransient(e)) {
          if (e instanceof SdkException sdk) {
            throw translate(sdk, offset, length);
          }
          throw describe((IOException) e, offset, length);
        }
        backOff(attempt);
      }
    }
  }

  private void readOnce(
      GetObjectRequest get,
      byte[] target,
      int targetOffset,
      long offset,
      int length,
      Cancellable cancel)
      throws IOException {
    ResponseInputStream<GetObjectResponse> response = client.getObject(get);
    boolean complete = false;
    try {
      cancel.attach(response);
      int read = response.readNBytes(target, targetOffset, length);
      if (read < length) {
        throw new IOException(
            location
                + ": object ended at "
                + (offset + read)
                + " while reading bytes ["
                + offset
                + ", "
                + (offset + length)
                + "); it changed while being read");
      }
      complete = true;
    } finally {
      cancel.detach();
      if (complete) {
        response.close(); // the body was read to its end: the connection goes back to the pool
      } else {
        response.abort(); // closing would first drain the rest of a broken or unwanted body
      }
    }
  }

  /** The body broke off: say where, unless a message of ours already does. */
  private IOException describe(IOException e, long offset, int length) {
    String message = e.getMessage();
    if (message != null && message.startsWith(location.toString())) {
      return e;
    }
    return new IOException(
        location
            + ": reading bytes ["
            + offset
            + ", "
            + (offset + length)
            + ") failed: "
            + S3Errors.oneLine(message, e.getClass().getSimpleName()),
        e);
  }

  private IOException translate(SdkException e, long offset, int length) {
    if (e instanceof S3Exception s3 && s3.statusCode() == 412) {
      return new IOException(
          location + ": object was replaced while being read (its ETag is no longer " + eTag + ")",
          e);
    }
    return S3Errors.translate(
        e, location, "reading bytes [" + offset + ", " + (offset + length) + ")");
  }

  private void backOff(int attempt) throws InterruptedIOException {
    long ceiling = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 10));
    try {
      // Full jitter: concurrent chunks that failed together do not retry in lockstep.
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(location + ": read interrupted while backing off");
    }
  }

  /** The hooks through which a read stream cancels a chunk being fetched. */
  interface Cancellable {
    /** For reads that only an interrupt stops. */
    Cancellable NONE =
        new Cancellable() {
          @Override
          public void throwIfCancelled(Location location) {}

          @Override
          public void attach(ResponseInputStream<?> response) {}

          @Override
          public void detach() {}
        };

    /** Throws if the read was cancelled. */
    void throwIfCancelled(Location location) throws IOException;

    /** Called with the response being read; aborting it ends the read at once. */
    void attach(ResponseInputStream<?> response);

    void detach();
  }
}
