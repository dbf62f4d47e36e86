package io.zoopipe.storage.s3;

import io.zoopipe.common.io.Location;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One S3 multipart upload in progress: parts are uploaded or copied on the storage's pool, at most
 * {@code partsInFlight} at a time (the caller blocks for a free slot), numbered in the order they
 * are added. {@link #complete()} publishes the object; {@link #abort()} removes every uploaded part
 * so nothing is left behind. Parts are added from one thread; the uploads run on the pool.
 */
final class MultipartUpload {
  /** S3 allows part numbers 1 to 10,000. */
  static final int MAX_PARTS = 10_000;

  private static final Logger logger = LoggerFactory.getLogger(MultipartUpload.class);
  private static final long WAIT_MINUTES = 10;
  private static final long ABORT_WAIT_SECONDS = 10;

  private final S3Client client;
  private final Location target;
  private final ExecutorService executor;
  private final String uploadId;
  private final Semaphore slots;
  private final List<Future<CompletedPart>> parts = new ArrayList<>();
  private volatile boolean aborted;

  private MultipartUpload(
      S3Client client, Location target, ExecutorService executor, String uploadId, int inFlight) {
    this.client = client;
    this.target = target;
    this.executor = executor;
    this.uploadId = uploadId;
    this.slots = new Semaphore(inFlight);
  }

  /** Starts a multipart upload to {@code target}; nothing is visible there until completion. */
  static MultipartUpload start(
      S3Client client, Location target, ExecutorService executor, int partsInFlight)
      throws IOException {
    String uploadId;
    try {
      uploadId =
          client
              .createMultipartUpload(b -> b.bucket(target.authority()).key(target.path()))
              .uploadId();
    } catch (SdkException e) {
      throw S3Errors.translate(e, target, "starting a multipart upload");
    }
    return new MultipartUpload(client, target, executor, uploadId, partsInFlight);
  }

  /**
   * Uploads {@code bytes[0, length)} as the next part. Blocks while {@code partsInFlight} parts are
   * uploading; {@code release} gets the buffer back once S3 has it (or the upload failed).
   */
  void uploadPart(byte[] bytes, int length, Consumer<byte[]> release) throws IOException {
    int partNumber = claimPartNumber();
    submit(
        () -> {
          try {
            return upload(partNumber, bytes, length);
          } finally {
            release.accept(bytes);
          }
        });
  }

  /**
   * Uploads the bytes {@code producer} makes, on the pool, as the next part. Blocks while {@code
   * partsInFlight} parts are in progress, which bounds the memory the producers take.
   */
  void uploadPart(PartProducer producer) throws IOException {
    int partNumber = claimPartNumber();
    submit(
        () -> {
          byte[] bytes = producer.produce();
          return upload(partNumber, bytes, bytes.length);
        });
  }

  private CompletedPart upload(int partNumber, byte[] bytes, int length) throws IOException {
    try {
      UploadPartResponse response =
          client.uploadPart(
              b ->
                  b.bucket(target.authority())
                      .key(target.path())
                      .uploadId(uploadId)
                      .partNumber(partNumber)
                      .contentLength((long) length),
              RequestBody.fromContentProvider(
                  () -> new ByteArrayInputStream(bytes, 0, length),
                  length,
                  "application/octet-stream"));
      return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build();
    } catch (SdkException e) {
      throw S3Errors.translate(e, target, "uploading part " + partNumber);
    }
  }

  /**
   * Adds bytes {@code [start, end)} of {@code source} as the next part, copied server-side. Every
   * part but the last must be at least 5 MiB; copies are limited to 5 GiB.
   */
  void copyPart(Location source, long start, long end) throws IOException {
    int partNumber = claimPartNumber();
    submit(
        () -> {
          try {
            UploadPartCopyResponse response =
                client.uploadPartCopy(
                    b ->
                        b.sourceBucket(source.authority())
                            .sourceKey(source.path())
                            .copySourceRange("bytes=" + start + "-" + (end - 1))
                            .destinationBucket(target.authority())
                            .destinationKey(target.path())
                            .uploadId(uploadId)
                            .partNumber(partNumber));
            return CompletedPart.builder()
                .partNumber(partNumber)
                .eTag(response.copyPartResult().eTag())
                .build();
          } catch (SdkException e) {
            throw S3Errors.translate(
                e,
                source,
                "copying bytes ["
                    + start
                    + ", "
                    + end
                    + ") into part "
                    + partNumber
                    + " of "
                    + target);
          }
        });
  }

  /** Waits for every part and completes the upload; on any failure aborts it and throws. */
  void complete() throws IOException {
    complete(awaitParts());
  }

  /**
   * Waits for every part and returns them, in order, leaving the upload open (staged: it survives
   * this process until completed or aborted); on any failure aborts it and throws.
   */
  List<CompletedPart> awaitParts() throws IOException {
    try {
      List<CompletedPart> completed = new ArrayList<>(parts.size());
      for (Future<CompletedPart> part : parts) {
        completed.add(await(part));
      }
      return completed;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  /** The upload's id, as S3 knows it. */
  String uploadId() {
    return uploadId;
  }

  /** How many parts were added. */
  int partCount() {
    return parts.size();
  }

  /** Completes the upload with {@code completed}; on any failure aborts it and throws. */
  private void complete(List<CompletedPart> completed) throws IOException {
    try {
      client.completeMultipartUpload(
          b ->
              b.bucket(target.authority())
                  .key(target.path())
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(completed)));
    } catch (SdkException e) {
      abort();
      throw S3Errors.translate(e, target, "completing the multipart upload");
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }

  /**
   * Stops starting parts, waits a little for the running ones, and aborts the upload so that S3
   * drops every part. Never throws: a failure to abort is logged (a bucket lifecycle rule for
   * incomplete uploads is the backstop).
   */
  void abort() {
    if (aborted) {
      return;
    }
    aborted = true;
    // A cancelled writer arrives here interrupted; the SDK would refuse to send the abort, so the
    // flag is set aside for the cleanup and restored after.
    boolean interrupted = Thread.interrupted();
    try {
      awaitRunningParts();
      client.abortMultipartUpload(
          b -> b.bucket(target.authority()).key(target.path()).uploadId(uploadId));
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

  /**
   * Lets parts still uploading end (briefly): S3 may keep a part that finishes after the abort. Not
   * cancel(true), which would leave such a part running unseen.
   */
  private void awaitRunningParts() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ABORT_WAIT_SECONDS);
    for (Future<CompletedPart> part : parts) {
      try {
        part.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // A failed part is what we are aborting; a slow one is dropped with the upload.
      }
    }
  }

  private int claimPartNumber() throws IOException {
    if (aborted) {
      throw new IOException(target + ": the upload was aborted");
    }
    if (parts.size() >= MAX_PARTS) {
      throw new IOException(
          target
              + ": more than "
              + MAX_PARTS
              + " parts; S3 allows no more in one upload, so raise the part size");
    }
    throwIfAnyPartFailed();
    return parts.size() + 1;
  }

  private void submit(Callable<CompletedPart> upload) throws IOException {
    try {
      if (!slots.tryAcquire(WAIT_MINUTES, TimeUnit.MINUTES)) {
        throw new IOException(
            target + ": no part upload finished within " + WAIT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(target + ": upload interrupted");
    }
    try {
      parts.add(
          executor.submit(
              () -> {
                try {
                  if (aborted) {
                    throw new IOException(target + ": the upload was aborted");
                  }
                  return upload.call();
                } finally {
                  slots.release();
                }
              }));
    } catch (RejectedExecutionException e) {
      slots.release();
      throw new IOException(target + ": storage is closed", e);
    }
  }

  /** Surfaces a failed part early, so a writer stops producing bytes that cannot be used. */
  private void throwIfAnyPartFailed() throws IOException {
    for (Future<CompletedPart> part : parts) {
      if (part.isDone()) {
        @Nullable IOException failure = failureOf(part);
        if (failure != null) {
          throw failure;
        }
      }
    }
  }

  private @Nullable IOException failureOf(Future<CompletedPart> part) {
    try {
      part.get(0, TimeUnit.NANOSECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new InterruptedIOException(target + ": upload interrupted");
    } catch (ExecutionException e) {
      return asIOException(e);
    } catch (TimeoutException e) {
      return null;
    }
  }

  private CompletedPart await(Future<CompletedPart> part) throws IOException {
    try {
      return part.get(WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(target + ": upload interrupted");
    } catch (ExecutionException e) {
      throw asIOException(e);
    } catch (TimeoutException e) {
      throw new IOException(target + ": a part did not upload within " + WAIT_MINUTES + " minutes");
    }
  }

  /** Makes the bytes of one part; runs on a pool thread. */
  @FunctionalInterface
  interface PartProducer {
    byte[] produce() throws IOException;
  }

  private IOException asIOException(ExecutionException failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException(
        target + ": uploading failed: " + S3Errors.oneLine(cause.getMessage(), ""), cause);
  }
}
