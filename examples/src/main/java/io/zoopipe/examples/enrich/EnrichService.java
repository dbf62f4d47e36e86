package io.zoopipe.examples.enrich;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "enrich-service-timer");
            thread.setDaemon(true);
            return thread;
          });
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
    server.createContext("/", service::handle);
    // Requests are read and parsed on the server's dispatcher thread, and answered after the
    // latency by one timer thread: no thread per call in flight, so the service's own CPU per call
    // stays small next to the client's it is there to measure.
    server.setExecutor(null);
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

  private void handle(HttpExchange exchange) {
    requests.incrementAndGet();
    String path = exchange.getRequestURI().getPath();
    String id = path.substring(path.lastIndexOf('/') + 1);
    // answer() handles its own failures: the returned future never holds an exception.
    @SuppressWarnings("FutureReturnValueIgnored")
    var unused = timer.schedule(() -> answer(exchange, id), latencyMillis, TimeUnit.MILLISECONDS);
  }

  private void answer(HttpExchange exchange, String id) {
    try {
      answerOrFail(exchange, id);
    } catch (IOException e) {
      exchange.close(); // the client went away: nothing to answer
    }
  }

  private void answerOrFail(HttpExchange exchange, String id) throws IOException {
    if (failsOnce(id, failureRate) && failedOnce.add(id)) {
      failures.incrementAndGet();
      respond(exchange, 503, "try again");
    } else {
      respond(exchange, 200, score(id));
    }
  }

  /** Whether the first call for {@code id} fails when a fraction {@code rate} of ids fail once. */
  static boolean failsOnce(String id, double rate) {
    return ((id.hashCode() & 0x7fffffff) % 10_000) < rate * 10_000;
  }

  /** The score answered for {@code id}. */
  static String score(String id) {
    return Integer.toString((id.hashCode() & 0x7fffffff) % 1000);
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
