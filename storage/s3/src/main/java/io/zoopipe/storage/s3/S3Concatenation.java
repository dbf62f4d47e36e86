package io.zoopipe.storage.s3;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Piece;
import io.zoopipe.common.io.StagedObject;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Writes several objects, in order, as one new object, copying server-side where S3 allows it. See
 * {@link ConcatenationPlan} for how sources become parts: large ranges are UploadPartCopy parts,
 * runs of small ones are downloaded and uploaded as regular parts (on the pool, several at once). A
 * single source is one CopyObject; a total under 5 MiB is one PutObject. On failure the upload is
 * aborted, so nothing appears at the target. {@link #stage} leaves the upload open instead, for a
 * commit to complete. Used once, from one thread.
 */
final class S3Concatenation {
  private static final long HEAD_WAIT_MINUTES = 5;

  private final S3Storage storage;
  private final S3Client client;
  private final ExecutorService executor;
  private final S3Settings settings;
  private final Location target;

  S3Concatenation(
      S3Storage storage,
      S3Client client,
      ExecutorService executor,
      S3Settings settings,
      Location target) {
    this.storage = storage;
    this.client = client;
    this.executor = executor;
    this.settings = settings;
    this.target = target;
  }

  void run(List<Location> sources) throws IOException {
    List<PieceReader> readers = new ArrayList<>(sources.size());
    List<Long> sizes = new ArrayList<>(sources.size());
    long total = 0;
    for (HeadedSource source : headAll(sources)) {
      readers.add(whole(source));
      sizes.add(source.head().contentLength());
      total += source.head().contentLength();
    }
    if (sources.size() == 1 && total <= ConcatenationPlan.MAX_COPY_PART_BYTES) {
      copyWhole(sources.get(0));
      return;
    }
    ConcatenationPlan plan =
        ConcatenationPlan.of(
            sizes, S3Settings.MIN_PART_SIZE_BYTES, ConcatenationPlan.MAX_COPY_PART_BYTES);
    if (total < S3Settings.MIN_PART_SIZE_BYTES) {
      byte[] bytes =
          plan.parts().isEmpty() ? new byte[0] : gather(readers, plan.parts().get(0).segments());
      put(bytes);
      return;
    }
    MultipartUpload upload =
        MultipartUpload.start(client, target, executor, settings.partsInFlight());
    try {
      for (ConcatenationPlan.Part part : plan.parts()) {
        if (part.copied()) {
          ConcatenationPlan.Segment segment = part.segments().get(0);
          upload.copyPart(sources.get(segment.source()), segment.start(), segment.end());
        } else {
          upload.uploadPart(() -> gather(readers, part.segments()));
        }
      }
      upload.complete();
    } catch (IOException | RuntimeException e) {
      upload.abort();
      throw e;
    }
  }

  /**
   * Stages the concatenation as an open multipart upload with every part in place (copied or
   * uploaded now, so the sources may go once this returns): a single source is one copied part, a
   * total under 5 MiB one uploaded part (empty for no bytes).
   */
  S3StagedUpload stage(List<Location> sources, StagedUploads uploads) throws IOException {
    List<PieceReader> readers = new ArrayList<>(sources.size());
    List<Long> sizes = new ArrayList<>(sources.size());
    long total = 0;
    for (HeadedSource source : headAll(sources)) {
      readers.add(whole(source));
      sizes.add(source.head().contentLength());
      total += source.head().contentLength();
    }
    ConcatenationPlan plan =
        ConcatenationPlan.of(
            sizes, S3Settings.MIN_PART_SIZE_BYTES, ConcatenationPlan.MAX_COPY_PART_BYTES);
    MultipartUpload upload =
        MultipartUpload.start(client, target, executor, settings.partsInFlight());
    try {
      if (total < S3Settings.MIN_PART_SIZE_BYTES) {
        byte[] bytes =
            plan.parts().isEmpty() ? new byte[0] : gather(readers, plan.parts().get(0).segments());
        upload.uploadPart(() -> bytes);
      } else if (sources.size() == 1 && total <= ConcatenationPlan.MAX_COPY_PART_BYTES) {
        upload.copyPart(sources.get(0), 0, total);
      } else {
        for (ConcatenationPlan.Part part : plan.parts()) {
          if (part.copied()) {
            ConcatenationPlan.Segment segment = part.segments().get(0);
            upload.copyPart(sources.get(segment.source()), segment.start(), segment.end());
          } else {
            upload.uploadPart(() -> gather(readers, part.segments()));
          }
        }
      }
      UploadHandle handle = new UploadHandle(upload.uploadId(), total, upload.awaitParts());
      return new S3StagedUpload(uploads, new StagedObject(target, handle.text()));
    } catch (IOException | RuntimeException e) {
      upload.abort();
      throw e;
    }
  }

  /**
   * Stages the object made of {@code pieces} as an open multipart upload, like {@link #stage}:
   * ranges of at least 5 MiB are copied server-side (UploadPartCopy), smaller ones downloaded and
   * uploaded with the bytes given next to them. Every source is checked first (it exists, and is
   * long enough for its range); a range is read only if the object keeps the entity tag it had
   * then.
   */
  S3StagedUpload stageComposition(List<Piece> pieces, StagedUploads uploads) throws IOException {
    List<Location> distinct = new ArrayList<>();
    for (Piece piece : pieces) {
      if (piece instanceof Piece.Range range && !distinct.contains(range.source())) {
        distinct.add(range.source());
      }
    }
    Map<Location, HeadObjectResponse> heads = new HashMap<>();
    for (HeadedSource source : headAll(distinct)) {
      heads.put(source.location(), source.head());
    }
    List<PieceReader> readers = new ArrayList<>(pieces.size());
    List<Long> sizes = new ArrayList<>(pieces.size());
    long total = 0;
    for (Piece piece : pieces) {
      if (piece instanceof Piece.Range range) {
        HeadObjectResponse head = requireNonNull(heads.get(range.source()), "head");
        if (range.end() > head.contentLength()) {
          throw new EOFException(
              range.source()
                  + " has "
                  + head.contentLength()
                  + " bytes; the range to copy ends at "
                  + range.end());
        }
        ObjectReader reader =
            new ObjectReader(client, range.source(), head.eTag(), settings.retries());
        readers.add(
            (target, offset, start, length) ->
                reader.readInto(
                    target, offset, range.start() + start, length, ObjectReader.Cancellable.NONE));
      } else {
        byte[] bytes = ((Piece.Bytes) piece).bytes();
        readers.add(
            (target, offset, start, length) ->
                System.arraycopy(bytes, Math.toIntExact(start), target, offset, length));
      }
      sizes.add(piece.length());
      total += piece.length();
    }
    ConcatenationPlan plan =
        ConcatenationPlan.of(
            sizes,
            index -> pieces.get(index) instanceof Piece.Range,
            S3Settings.MIN_PART_SIZE_BYTES,
            ConcatenationPlan.MAX_COPY_PART_BYTES);
    MultipartUpload upload =
        MultipartUpload.start(client, target, executor, settings.partsInFlight());
    try {
      if (plan.parts().isEmpty()) {
        upload.uploadPart(() -> new byte[0]);
      }
      for (ConcatenationPlan.Part part : plan.parts()) {
        if (part.copied()) {
          ConcatenationPlan.Segment segment = part.segments().get(0);
          Piece.Range range = (Piece.Range) pieces.get(segment.source());
          upload.copyPart(
              range.source(), range.start() + segment.start(), range.start() + segment.end());
        } else {
          upload.uploadPart(() -> gather(readers, part.segments()));
        }
      }
      UploadHandle handle = new UploadHandle(upload.uploadId(), total, upload.awaitParts());
      return new S3StagedUpload(uploads, new StagedObject(target, handle.text()));
    } catch (IOException | RuntimeException e) {
      upload.abort();
      throw e;
    }
  }

  /** A reader of a whole source object, read only while it keeps the entity tag it had. */
  private PieceReader whole(HeadedSource source) {
    ObjectReader reader =
        new ObjectReader(client, source.location(), source.head().eTag(), settings.retries());
    return (target, offset, start, length) ->
        reader.readInto(target, offset, start, length, ObjectReader.Cancellable.NONE);
  }

  /** Reads bytes {@code [start, start + length)} of one piece into {@code target}. */
  @FunctionalInterface
  private interface PieceReader {
    void readInto(byte[] target, int offset, long start, int length) throws IOException;
  }

  /** Downloads the segments, in order, into one array. */
  private static byte[] gather(List<PieceReader> readers, List<ConcatenationPlan.Segment> segments)
      throws IOException {
    long length = segments.stream().mapToLong(ConcatenationPlan.Segment::length).sum();
    byte[] bytes = new byte[Math.toIntExact(length)];
    int position = 0;
    for (ConcatenationPlan.Segment segment : segments) {
      int segmentLength = Math.toIntExact(segment.length());
      readers.get(segment.source()).readInto(bytes, position, segment.start(), segmentLength);
      position += segmentLength;
    }
    return bytes;
  }

  /** HEADs every source, several at a time, in order; fails on the first missing one. */
  private List<HeadedSource> headAll(List<Location> sources) throws IOException {
    int window = Math.max(1, settings.requestsInFlight() * 2);
    List<HeadedSource> headed = new ArrayList<>(sources.size());
    for (int from = 0; from < sources.size(); from += window) {
      List<Future<HeadObjectResponse>> heads = new ArrayList<>();
      for (Location source : sources.subList(from, Math.min(sources.size(), from + window))) {
        heads.add(executor.submit(() -> storage.head(source)));
      }
      for (int i = 0; i < heads.size(); i++) {
        headed.add(new HeadedSource(sources.get(from + i), await(heads, i)));
      }
    }
    return headed;
  }

  private HeadObjectResponse await(List<Future<HeadObjectResponse>> heads, int index)
      throws IOException {
    try {
      return heads.get(index).get(HEAD_WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      heads.forEach(head -> head.cancel(true));
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(target + ": concatenation interrupted");
    } catch (ExecutionException e) {
      heads.forEach(head -> head.cancel(true));
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(target + ": " + S3Errors.oneLine(cause.getMessage(), ""), e);
    } catch (TimeoutException e) {
      heads.forEach(head -> head.cancel(true));
      throw new IOException(target + ": a source's metadata did not arrive in time", e);
    }
  }

  private void copyWhole(Location source) throws IOException {
    try {
      client.copyObject(
          b ->
              b.sourceBucket(source.authority())
                  .sourceKey(source.path())
                  .destinationBucket(target.authority())
                  .destinationKey(target.path()));
    } catch (SdkException e) {
      throw S3Errors.translate(e, source, "copying to " + target);
    }
  }

  private void put(byte[] bytes) throws IOException {
    try {
      client.putObject(
          b -> b.bucket(target.authority()).key(target.path()).contentLength((long) bytes.length),
          RequestBody.fromContentProvider(
              () -> new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream"));
    } catch (SdkException e) {
      throw S3Errors.translate(e, target, "writing");
    }
  }

  private record HeadedSource(Location location, HeadObjectResponse head) {}
}
