package io.zoopipe.storage.s3;

import io.zoopipe.common.io.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * The bytes of one object from a start offset to its end, fetched as ranged GETs on background
 * threads so that the consumer rarely waits on the network. Up to {@code endHint} it keeps {@code
 * requestsInFlight} chunks of {@code chunkBytes} requested ahead of the consumer; past {@code
 * endHint} (where a shard reader only finishes its last record) it fetches small chunks on demand,
 * doubling their size, and resumes prefetching once the reader has gone a whole chunk past the
 * hint. At most {@code requestsInFlight + 1} chunks are held in memory, and their buffers are
 * reused: a fresh {@code chunkBytes} array per chunk outlived young collections while it waited to
 * be consumed, was promoted, and filled the old generation with dead chunks (a 1M-row S3 job spent
 * about a CPU-second in full collections).
 *
 * <p>Not thread-safe: one consumer thread. {@link #close()} cancels outstanding requests (aborting
 * their connections) and drops the buffers. An interrupted consumer gets an {@link
 * InterruptedIOException}, with its interrupt flag kept, and the stream is closed.
 */
final class PrefetchingInputStream extends InputStream {
  /** The first on-demand chunk past the hint: enough for a few records. */
  private static final int FIRST_TAIL_CHUNK_BYTES = 64 << 10;

  /** A chunk taking this long has failed: the HTTP client's own timeouts are far shorter. */
  private static final long CHUNK_WAIT_MINUTES = 10;

  private final ObjectReader reader;
  private final ExecutorService executor;
  private final long size;
  private final int chunkBytes;
  private final int requestsInFlight;
  private final ArrayDeque<Chunk> ahead = new ArrayDeque<>();

  /** Whole-chunk buffers the consumer is done with, for the next chunks to be fetched into. */
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();

  private int wholeChunkBuffers;

  /** Where chunks are prefetched to; it moves to {@code size} once the reader runs far past it. */
  private long prefetchEnd;

  private long nextFetch;
  private int tailChunkBytes;
  private byte[] current = new byte[0];
  private int currentPosition;
  private boolean closed;

  /**
   * @param start the first offset to read, {@code < size}
   * @param endHint where the consumer expects to stop; prefetching goes up to here
   * @param size the object's size
   */
  PrefetchingInputStream(
      ObjectReader reader,
      ExecutorService executor,
      long start,
      long endHint,
      long size,
      int chunkBytes,
      int requestsInFlight)
      throws IOException {
    this.reader = reader;
    this.executor = executor;
    this.size = size;
    this.chunkBytes = chunkBytes;
    this.requestsInFlight = requestsInFlight;
    this.prefetchEnd = Math.max(start, Math.min(endHint, size));
    this.nextFetch = start;
    this.tailChunkBytes = Math.min(FIRST_TAIL_CHUNK_BYTES, chunkBytes);
    scheduleAhead(); // start fetching now: the caller usually opens, then prepares, then reads
  }

  /**
   * How many whole-chunk buffers this stream has allocated: at most {@code requestsInFlight + 1}.
   */
  int wholeChunkBuffers() {
    return wholeChunkBuffers;
  }

  @Override
  public int read() throws IOException {
    if (!ensureAvailable()) {
      return -1;
    }
    return current[currentPosition++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    if (!ensureAvailable()) {
      return -1;
    }
    int count = Math.min(length, current.length - currentPosition);
    System.arraycopy(current, currentPosition, buffer, offset, count);
    currentPosition += count;
    return count;
  }

  @Override
  public long skip(long count) throws IOException {
    long skipped = 0;
    while (skipped < count && ensureAvailable()) {
      int step = (int) Math.min(count - skipped, current.length - currentPosition);
      currentPosition += step;
      skipped += step;
    }
    return skipped;
  }

  @Override
  public int available() {
    return closed ? 0 : current.length - currentPosition;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Chunk chunk : ahead) {
      chunk.cancel();
    }
    ahead.clear();
    spare.clear();
    current = new byte[0];
    currentPosition = 0;
  }

  /** Makes the current buffer non-empty; false at the end of the object. */
  private boolean ensureAvailable() throws IOException {
    if (closed) {
      throw new IOException(reader.location() + ": stream is closed");
    }
    if (currentPosition < current.length) {
      return true;
    }
    if (ahead.isEmpty() && nextFetch >= size) {
      return false;
    }
    if (ahead.isEmpty()) {
      scheduleTail();
    }
    Chunk next = ahead.peek();
    byte[] done = current;
    current = await(next);
    if (done.length == chunkBytes) {
      spare.push(done); // read to its end: nothing refers to it any more
    }
    currentPosition = 0;
    ahead.poll();
    scheduleAhead();
    return true;
  }

  /** Keeps {@code requestsInFlight} chunks requested ahead, up to the prefetch end. */
  private void scheduleAhead() throws IOException {
    while (ahead.size() < requestsInFlight && nextFetch < prefetchEnd) {
      schedule((int) Math.min(chunkBytes, prefetchEnd - nextFetch));
    }
  }

  /** Past the prefetch end: one chunk on demand, each twice the last, then prefetch again. */
  private void scheduleTail() throws IOException {
    schedule((int) Math.min(tailChunkBytes, size - nextFetch));
    if (tailChunkBytes >= chunkBytes) {
      prefetchEnd = size; // the reader went a whole chunk past the hint: it is reading on
    }
    tailChunkBytes = (int) Math.min((long) tailChunkBytes * 2, chunkBytes);
  }

  private void schedule(int length) throws IOException {
    Chunk chunk = new Chunk(nextFetch, length);
    // Only whole chunks use (and return) the reusable buffers: current.length is always exactly
    // the bytes fetched. A cancelled chunk's buffer is dropped, as a request may still be writing.
    byte[] buffer;
    if (length != chunkBytes) {
      buffer = new byte[length];
    } else if (spare.isEmpty()) {
      buffer = new byte[length];
      wholeChunkBuffers++;
    } else {
      buffer = spare.pop();
    }
    try {
      chunk.future =
          executor.submit(
              () -> {
                reader.readInto(buffer, 0, chunk.offset, chunk.length, chunk);
                return buffer;
              });
    } catch (RejectedExecutionException e) {
      throw new IOException(reader.location() + ": storage is closed", e);
    }
    ahead.add(chunk);
    nextFetch += length;
  }

  private byte[] await(Chunk chunk) throws IOException {
    Future<byte[]> future = Objects.requireNonNull(chunk.future);
    try {
      return future.get(CHUNK_WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException(reader.location() + ": read interrupted");
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(
          reader.location() + ": reading failed: " + S3Errors.oneLine(cause.getMessage(), ""),
          cause);
    } catch (TimeoutException | CancellationException e) {
      close();
      throw new IOException(
          reader.location()
              + ": bytes from "
              + chunk.offset
              + " did not arrive within "
              + CHUNK_WAIT_MINUTES
              + " minutes",
          e);
    }
  }

  /** One ranged GET: scheduled, running, or done. */
  private static final class Chunk implements ObjectReader.Cancellable {
    final long offset;
    final int length;
    @Nullable Future<byte[]> future;
    private volatile boolean cancelled;
    private volatile @Nullable ResponseInputStream<?> response;

    Chunk(long offset, int length) {
      this.offset = offset;
      this.length = length;
    }

    void cancel() {
      cancelled = true;
      ResponseInputStream<?> open = response;
      if (open != null) {
        open.abort(); // close() would drain the rest of the body first
      }
      if (future != null) {
        future.cancel(true);
      }
    }

    @Override
    public void throwIfCancelled(Location location) throws IOException {
      if (cancelled) {
        throw new InterruptedIOException(location + ": read cancelled");
      }
    }

    @Override
    public void attach(ResponseInputStream<?> open) {
      response = open;
      if (cancelled) {
        open.abort();
      }
    }

    @Override
    public void detach() {
      response = null;
    }
  }
}
