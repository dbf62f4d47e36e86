package io.zoopipe.examples.enrich;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service the enrich benchmark calls: {@code GET /<id>} answers a score derived from the id
 * after a fixed latency, and a 503 instead for a given fraction of first calls (the same ids every
 * time: a hash of the id decides). Listens on loopback. Run: {@code java -cp examples.jar
 * io.zoopipe.examples.enrich.EnrichService PORT LATENCY_MS FAILURE_RATE}; it prints {@code
 * requests=N failures=F} on standard output when it is stopped. Thread-safe.
 */
public final class EnrichService {
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final java.util.Set<String> failedOnce =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final long latencyMillis;
  private final double failureRate;

  private EnrichService(long latencyMillis, double failureRate) {
    this.latencyMillis = latencyMillis;
    this.failureRate = failureRate;
  }

  public static void main(String[] args) throws IOException {
    // Without TCP_NODELAY the server's separate header and body writes meet the client's delayed
    // ACK: about 40 ms per call instead of the latency asked for.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int port = Integer.parseInt(args[0]);
    EnrichService service = new EnrichService(Long.parseLong(args[1]), Double.parseDouble(args[2]));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    ExecutorService threads = Executors.newCachedThreadPool();
    server.createContext("/", service::handle);
    server.setExecutor(threads);
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(0);
                  System.out.println(
                      "requests=" + service.requests.get() + " failures=" + service.failures.get());
                }));
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String path = exchange.getRequestURI().getPath();
    String id = path.substring(path.lastIndexOf('/') + 1);
    try {
      Thread.sleep(latencyMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int hash = id.hashCode() & 0x7fffffff;
    boolean transientFailure = (hash % 10_000) < failureRate * 10_000 && failedOnce.add(id);
    if (transientFailure) {
      failures.incrementAndGet();
      respond(exchange, 503, "try again");
    } else {
      respond(exchange, 200, Integer.toString(hash % 1000));
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    exchange.close();
  }
}
