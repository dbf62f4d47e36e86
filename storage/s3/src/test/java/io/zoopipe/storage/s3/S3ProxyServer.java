package io.zoopipe.storage.s3;

import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3-compatible server inside the test JVM: s3proxy with its in-memory ({@code transient}) blob
 * store on an ephemeral loopback port, accepting one key pair (AWS signature v2 or v4). Starts in
 * about a second; everything it stores is gone when it stops. Modules that use it from storage/s3's
 * test-jar also need {@code org.gaul:s3proxy} as a test dependency.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "zoopipe-access";
  public static final String SECRET_KEY = "zoopipe-secret";

  private static final long START_TIMEOUT_SECONDS = 30;

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final S3TestEndpoint endpoint;

  private S3ProxyServer(S3Proxy proxy, BlobStore blobStore, S3TestEndpoint endpoint) {
    this.proxy = proxy;
    this.blobStore = blobStore;
    this.endpoint = endpoint;
  }

  /** Starts a server that accepts {@link #ACCESS_KEY} and {@link #SECRET_KEY}. */
  public static S3ProxyServer start() throws Exception {
    return start(false);
  }

  /**
   * Starts a server that also takes requests signed with temporary credentials: s3proxy refuses the
   * {@code x-amz-security-token} header of those unless told to ignore headers it does not know.
   */
  public static S3ProxyServer startAcceptingSessionTokens() throws Exception {
    return start(true);
  }

  private static S3ProxyServer start(boolean ignoreUnknownHeaders) throws Exception {
    BlobStore blobStore = BlobStores.create("transient", new Properties());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .ignoreUnknownHeaders(ignoreUnknownHeaders)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.onSpinWait();
    }
    URI uri = URI.create("http://127.0.0.1:" + proxy.getPort());
    return new S3ProxyServer(proxy, blobStore, new S3TestEndpoint(uri, ACCESS_KEY, SECRET_KEY));
  }

  public S3TestEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("s3proxy did not stop", e);
    } finally {
      blobStore.close();
    }
  }
}
