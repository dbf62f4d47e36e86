package io.zoopipe.storage.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Sits in a real SDK client talking to a real server: records every request, and on demand injects
 * faults (a failed part upload, a GET body that breaks off, a GET that hangs until released).
 * Thread-safe.
 */
final class RecordingInterceptor implements ExecutionInterceptor {
  private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger uploadParts = new AtomicInteger();
  private final AtomicInteger brokenBodiesLeft = new AtomicInteger();
  private volatile int failUploadPartNumber = -1;
  private volatile int breakBodyAfterBytes;
  private volatile @Nullable CountDownLatch holdGets;
  private volatile CountDownLatch getHeld = new CountDownLatch(1);

  /** The {@code n}th UploadPart request (1-based) fails before it is sent. */
  void failUploadPart(int n) {
    failUploadPartNumber = n;
  }

  /** The next {@code count} GET bodies throw an IOException after {@code afterBytes} bytes. */
  void breakGetBodies(int count, int afterBytes) {
    breakBodyAfterBytes = afterBytes;
    brokenBodiesLeft.set(count);
  }

  /** GETs wait for {@code release} (up to a minute) before they are sent. */
  void holdGets(CountDownLatch release) {
    getHeld = new CountDownLatch(1);
    holdGets = release;
  }

  /** Waits until a GET is being held. */
  boolean awaitHeldGet() throws InterruptedException {
    return getHeld.await(30, TimeUnit.SECONDS);
  }

  <T extends SdkRequest> List<T> requests(Class<T> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  void clear() {
    requests.clear();
  }

  /** Forgets the requests and stops injecting faults. */
  void reset() {
    requests.clear();
    uploadParts.set(0);
    failUploadPartNumber = -1;
    brokenBodiesLeft.set(0);
    holdGets = null;
  }

  /** The bytes asked for by the ranged GETs recorded so far. */
  long bytesRequestedByGets() {
    return requests(GetObjectRequest.class).stream()
        .mapToLong(get -> rangeLength(get.range()))
        .sum();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    requests.add(request);
    if (request instanceof UploadPartRequest
        && uploadParts.incrementAndGet() == failUploadPartNumber) {
      throw SdkClientException.create("injected failure of part upload " + failUploadPartNumber);
    }
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    CountDownLatch release = holdGets;
    if (release != null && context.httpRequest().method().name().equals("GET")) {
      getHeld.countDown();
      try {
        release.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    Optional<InputStream> body = context.responseBody();
    if (body.isEmpty()
        || !(context.request() instanceof GetObjectRequest)
        || brokenBodiesLeft.getAndDecrement() <= 0) {
      return body;
    }
    return Optional.of(new BreakingInputStream(body.get(), breakBodyAfterBytes));
  }

  private static long rangeLength(@Nullable String range) {
    if (range == null) {
      throw new IllegalStateException("a GET without a range");
    }
    String[] bounds = range.substring("bytes=".length()).split("-");
    return Long.parseLong(bounds[1]) - Long.parseLong(bounds[0]) + 1;
  }

  /** Passes {@code limit} bytes through, then fails like a dropped connection. */
  private static final class BreakingInputStream extends FilterInputStream {
    private int left;

    BreakingInputStream(InputStream in, int limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        throw new IOException("injected: connection reset");
      }
      left--;
      return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        throw new IOException("injected: connection reset");
      }
      int read = super.read(buffer, offset, Math.min(length, left));
      if (read > 0) {
        left -= read;
      }
      return read;
    }
  }
}
