package io.zoopipe.storage.s3;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedObject;
import io.zoopipe.common.io.StagedOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 object written as a stream: bytes fill a part-sized buffer; each full buffer is uploaded as
 * a part of a multipart upload (started with the first full part) while the writer fills the next.
 * Memory is at most {@code (partsInFlight + 1) * partSize}. An output smaller than one part is sent
 * by a single PutObject at commit. Nothing is visible at the key before {@link #commit()}; {@link
 * #stage()} leaves it a complete but open multipart upload that a commit record can name; {@link
 * #abort()} aborts the multipart upload. Not thread-safe: one writer thread.
 */
final class S3AtomicOutput implements AtomicOutput {
  private static final long BUFFER_WAIT_MINUTES = 10;

  private final S3Client client;
  private final StagedUploads uploads;
  private final Location target;
  private final ExecutorService executor;
  private final int partSize;
  private final int partsInFlight;
  private final LinkedBlockingQueue<byte[]> freeBuffers = new LinkedBlockingQueue<>();
  private final PartStream stream = new PartStream();
  private int buffersAllocated;
  private byte @Nullable [] buffer;
  private int buffered;
  private @Nullable MultipartUpload upload;
  private long uploadedBytes;
  private boolean done;

  S3AtomicOutput(
      S3Client client,
      StagedUploads uploads,
      Location target,
      ExecutorService executor,
      int partSize,
      int partsInFlight) {
    this.client = client;
    this.uploads = uploads;
    this.target = target;
    this.executor = executor;
    this.partSize = partSize;
    this.partsInFlight = partsInFlight;
  }

  @Override
  public OutputStream stream() {
    return stream;
  }

  @Override
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("output " + target + " was already committed or aborted");
    }
    done = true;
    try {
      if (upload == null) {
        putWhole();
      } else {
        if (buffered > 0) {
          upload.uploadPart(Objects.requireNonNull(buffer), buffered, this::recycle);
        }
        upload.complete();
      }
    } catch (IOException | RuntimeException e) {
      abortUpload();
      throw e;
    } finally {
      dropBuffers();
    }
  }

  /**
   * Uploads what is buffered as the last part (an output smaller than a part becomes a one-part
   * upload) and waits for every part, leaving the upload open: complete, invisible, and able to
   * outlive this process (see {@link S3StagedUpload}).
   */
  @Override
  public StagedOutput stage() throws IOException {
    if (done) {
      throw new IllegalStateException("output " + target + " was already committed or aborted");
    }
    done = true;
    try {
      MultipartUpload open = upload;
      if (open == null) {
        open = MultipartUpload.start(client, target, executor, partsInFlight);
        upload = open;
      }
      if (buffered > 0 || open.partCount() == 0) {
        byte[] last = buffer == null ? new byte[0] : buffer;
        open.uploadPart(last, buffered, this::recycle);
        uploadedBytes += buffered;
      }
      UploadHandle handle = new UploadHandle(open.uploadId(), uploadedBytes, open.awaitParts());
      return new S3StagedUpload(uploads, new StagedObject(target, handle.text()));
    } catch (IOException | RuntimeException e) {
      abortUpload();
      throw e;
    } finally {
      dropBuffers();
    }
  }

  @Override
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    abortUpload();
    dropBuffers();
  }

  private void putWhole() throws IOException {
    byte[] bytes = buffer == null ? new byte[0] : buffer;
    int length = buffered;
    try {
      client.putObject(
          b -> b.bucket(target.authority()).key(target.path()).contentLength((long) length),
          RequestBody.fromContentProvider(
              () -> new ByteArrayInputStream(bytes, 0, length),
              length,
              "application/octet-stream"));
    } catch (SdkException e) {
      throw S3Errors.translate(e, target, "writing");
    }
  }

  private void abortUpload() {
    if (upload != null) {
      upload.abort();
    }
  }

  private void dropBuffers() {
    buffer = null;
    buffered = 0;
    freeBuffers.clear();
  }

  /** Called on a pool thread when a part's bytes are no longer needed. */
  private void recycle(byte[] used) {
    freeBuffers.offer(used);
  }

  /** Ships the full buffer as a part and takes an empty one. */
  private void uploadFullBuffer() throws IOException {
    if (upload == null) {
      upload = MultipartUpload.start(client, target, executor, partsInFlight);
    }
    upload.uploadPart(Objects.requireNonNull(buffer), buffered, this::recycle);
    uploadedBytes += buffered;
    buffer = null;
    buffered = 0;
  }

  private byte[] takeBuffer() throws IOException {
    byte[] free = freeBuffers.poll();
    if (free != null) {
      return free;
    }
    if (buffersAllocated <= partsInFlight) {
      buffersAllocated++;
      return new byte[partSize];
    }
    try {
      // All partsInFlight + 1 buffers exist; one comes back when its part is uploaded.
      free = freeBuffers.poll(BUFFER_WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(target + ": write interrupted");
    }
    if (free == null) {
      throw new IOException(
          target + ": no part upload finished within " + BUFFER_WAIT_MINUTES + " minutes");
    }
    return free;
  }

  /** The writer's view: copies into the part buffer. Closing it does not commit. */
  private final class PartStream extends OutputStream {
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      ensureWritable();
      byte[] target = current();
      target[buffered++] = (byte) b;
      if (buffered == partSize) {
        uploadFullBuffer();
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      Objects.checkFromIndexSize(offset, length, bytes.length);
      ensureWritable();
      while (length > 0) {
        byte[] target = current();
        int count = Math.min(length, partSize - buffered);
        System.arraycopy(bytes, offset, target, buffered, count);
        buffered += count;
        offset += count;
        length -= count;
        if (buffered == partSize) {
          uploadFullBuffer();
        }
      }
    }

    @Override
    public void close() {
      closed = true; // wrappers (gzip, zstd) close us when they finish; commit() publishes
    }

    private byte[] current() throws IOException {
      if (buffer == null) {
        buffer = takeBuffer();
      }
      return buffer;
    }

    private void ensureWritable() throws IOException {
      if (closed || done) {
        throw new IOException(
            target + ": output stream is " + (done ? "committed or aborted" : "closed"));
      }
    }
  }
}
