package io.zoopipe.storage.s3;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.middleware.Middlewares;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A measurement, not a test: read MB/s of one object from an in-JVM s3proxy, as a single plain GET
 * and through {@link S3Storage} with 1 and 4 ranged requests in flight, optionally with a simulated
 * network (a fixed latency per GET and a bandwidth cap per connection). Run from the repository
 * root:
 *
 * <pre>
 * mvn -pl storage/s3 -am -DskipTests test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -Xmx1500m -cp storage/s3/target/test-classes:storage/s3/target/classes:$(cat \
 *     storage/s3/target/cp.txt) io.zoopipe.storage.s3.S3ReadThroughput 200 30 50000000
 * </pre>
 *
 * Arguments: object size in MB, GET latency in ms (0 for none), per-connection bytes per second (0
 * for unlimited).
 */
final class S3ReadThroughput {
  private static final String BUCKET = "throughput";

  private S3ReadThroughput() {}

  public static void main(String[] args) throws Exception {
    int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long latencyMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
    long bytesPerSecond = args.length > 2 ? Long.parseLong(args[2]) : 0;
    Properties properties = new Properties();
    if (latencyMillis > 0) {
      properties.setProperty("s3proxy.latency-blobstore.get.latency", Long.toString(latencyMillis));
    }
    if (bytesPerSecond > 0) {
      properties.setProperty("s3proxy.latency-blobstore.get.speed", Long.toString(bytesPerSecond));
    }
    BlobStore blobStore =
        Middlewares.wrap(BlobStores.create("transient", new Properties()), properties, p -> null);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
            .build();
    proxy.start();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      Thread.onSpinWait();
    }
    S3TestEndpoint endpoint =
        new S3TestEndpoint(
            URI.create("http://127.0.0.1:" + proxy.getPort()),
            S3ProxyServer.ACCESS_KEY,
            S3ProxyServer.SECRET_KEY);
    Location location = Location.parse("s3://" + BUCKET + "/object.bin");
    try (S3Client admin = endpoint.adminClient();
        S3Storage writer = new S3Storage(endpoint.settings(), List.of())) {
      admin.createBucket(b -> b.bucket(BUCKET));
      write(writer, location, megabytes);
      System.out.printf(
          "object %d MB, GET latency %d ms, per-connection cap %s%n",
          megabytes,
          latencyMillis,
          bytesPerSecond > 0 ? (bytesPerSecond / 1_000_000) + " MB/s" : "none");
      for (int round = 0; round < 2; round++) {
        measure("plain GET", () -> plainGet(admin, location));
        for (int inFlight : new int[] {1, 4}) {
          S3Settings settings = endpoint.settings().withRequestsInFlight(inFlight);
          try (S3Storage storage = new S3Storage(settings, List.of())) {
            measure(
                "prefetch, 8 MiB chunks, " + inFlight + " in flight",
                () -> storage.open(location, 0, Long.MAX_VALUE));
          }
        }
      }
    } finally {
      proxy.stop();
      blobStore.close();
    }
  }

  private static void write(S3Storage storage, Location location, int megabytes)
      throws IOException {
    byte[] block = new byte[1 << 20];
    Random random = new Random(1);
    try (AtomicOutput output = storage.create(location)) {
      for (int i = 0; i < megabytes; i++) {
        random.nextBytes(block);
        output.stream().write(block);
      }
      output.commit();
    }
  }

  private static InputStream plainGet(S3Client client, Location location) {
    ResponseInputStream<GetObjectResponse> response =
        client.getObject(b -> b.bucket(location.authority()).key(location.path()));
    return response;
  }

  private static void measure(String name, StreamOpener opener) throws IOException {
    long started = System.nanoTime();
    CRC32 crc = new CRC32();
    long bytes = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = opener.open()) {
      for (int read; (read = in.read(buffer)) >= 0; ) {
        crc.update(buffer, 0, read); // stands in for the parsing a reader does
        bytes += read;
      }
    }
    double seconds = (System.nanoTime() - started) / (double) TimeUnit.SECONDS.toNanos(1);
    System.out.printf(
        "  %-36s %7.1f MB/s  (%d bytes, crc %08x)%n",
        name, bytes / seconds / 1_000_000, bytes, crc.getValue());
  }

  @FunctionalInterface
  private interface StreamOpener {
    InputStream open() throws IOException;
  }
}
