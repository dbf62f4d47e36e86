package io.zoopipe.common.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP service on loopback for fault-tolerance tests: {@code GET /rows/<id>} answers {@code
 * 200} with {@code enriched-<id>} after a fixed latency, or fails as its {@link Behaviour} for that
 * id says: 503 for the first attempts, 429 with {@code Retry-After}, 400 always, or a hang. It
 * counts every request by id, the requests in flight (and their peak) and when each arrived.
 * Thread-safe; close it to stop the server.
 */
public final class FlakyService implements AutoCloseable {
  /** What the service does with requests for one id. */
  public record Behaviour(Kind kind, int failingAttempts) {
    public static final Behaviour OK = new Behaviour(Kind.OK, 0);

    public static Behaviour unavailable(int attempts) {
      return new Behaviour(Kind.UNAVAILABLE, attempts);
    }

    public static Behaviour tooManyRequests(int attempts) {
      return new Behaviour(Kind.TOO_MANY_REQUESTS, attempts);
    }

    public static final Behaviour BAD_REQUEST = new Behaviour(Kind.BAD_REQUEST, Integer.MAX_VALUE);
    public static final Behaviour HANG = new Behaviour(Kind.HANG, Integer.MAX_VALUE);
  }

  /** The kinds of answers. */
  public enum Kind {
    OK,
    UNAVAILABLE,
    TOO_MANY_REQUESTS,
    BAD_REQUEST,
    HANG
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final IntFunction<Behaviour> behaviours;
  private final Duration latency;
  private final Duration hang;
  private final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final List<Long> arrivals = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();

  private FlakyService(IntFunction<Behaviour> behaviours, Duration latency, Duration hang)
      throws IOException {
    this.behaviours = behaviours;
    this.latency = latency;
    this.hang = hang;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    server.createContext("/rows/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Starts a service that answers id {@code i} as {@code behaviours.apply(i)} says. */
  public static FlakyService start(IntFunction<Behaviour> behaviours, Duration latency)
      throws IOException {
    return new FlakyService(behaviours, latency, Duration.ofSeconds(30));
  }

  /** The address of row {@code id}. */
  public URI uri(Object id) {
    return URI.create(
        "http://" + server.getAddress().getHostString() + ":" + port() + "/rows/" + id);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Requests received for {@code id}. */
  public int requests(int id) {
    AtomicInteger count = requests.get(id);
    return count == null ? 0 : count.get();
  }

  /** Requests received in all. */
  public int totalRequests() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Ids that received at least one request. */
  public int distinctIds() {
    return requests.size();
  }

  /** The most requests that were in flight at once. */
  public int peakInFlight() {
    return peakInFlight.get();
  }

  /**
   * The most requests that arrived in one second, counting seconds from the first request (what a
   * per-second request counter on the service shows).
   */
  public int peakRequestsPerSecond() {
    List<Long> times;
    synchronized (arrivals) {
      times = new ArrayList<>(arrivals);
    }
    if (times.isEmpty()) {
      return 0;
    }
    times.sort(null);
    Map<Long, Integer> perSecond = new java.util.HashMap<>();
    for (long time : times) {
      perSecond.merge((time - times.get(0)) / 1_000_000_000L, 1, Integer::sum);
    }
    return perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The time from the first request's arrival to the last one's. */
  public Duration requestSpan() {
    List<Long> times;
    synchronized (arrivals) {
      times = new ArrayList<>(arrivals);
    }
    if (times.isEmpty()) {
      return Duration.ZERO;
    }
    times.sort(null);
    return Duration.ofNanos(times.get(times.size() - 1) - times.get(0));
  }

  /** Requests by 100 ms since the first, for messages. */
  public String timeline() {
    List<Long> times;
    synchronized (arrivals) {
      times = new ArrayList<>(arrivals);
    }
    if (times.isEmpty()) {
      return "[]";
    }
    times.sort(null);
    int[] slots = new int[(int) ((times.get(times.size() - 1) - times.get(0)) / 100_000_000L) + 1];
    for (long time : times) {
      slots[(int) ((time - times.get(0)) / 100_000_000L)]++;
    }
    return java.util.Arrays.toString(slots);
  }

  private void handle(HttpExchange exchange) throws IOException {
    // A request is in flight until its answer starts: the client may send its next one as soon as
    // it has this answer, before this thread gets back to a finally block.
    AtomicInteger counted = new AtomicInteger(1);
    Runnable answered =
        () -> {
          if (counted.getAndSet(0) == 1) {
            inFlight.decrementAndGet();
          }
        };
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    try {
      synchronized (arrivals) {
        arrivals.add(System.nanoTime());
      }
      String path = exchange.getRequestURI().getPath();
      int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
      int attempt = requests.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
      Behaviour behaviour = behaviours.apply(id);
      sleep(latency);
      if (attempt > behaviour.failingAttempts() || behaviour.kind() == Kind.OK) {
        respond(answered, exchange, 200, "enriched-" + id);
        return;
      }
      switch (behaviour.kind()) {
        case UNAVAILABLE -> respond(answered, exchange, 503, "unavailable");
        case TOO_MANY_REQUESTS -> {
          exchange.getResponseHeaders().add("Retry-After", "1");
          respond(answered, exchange, 429, "slow down");
        }
        case BAD_REQUEST -> respond(answered, exchange, 400, "no such row " + id);
        case HANG -> {
          sleep(hang);
          respond(answered, exchange, 200, "too late " + id);
        }
        case OK -> respond(answered, exchange, 200, "enriched-" + id);
      }
    } catch (RuntimeException e) {
      respond(answered, exchange, 500, e.toString());
    } finally {
      answered.run();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(Runnable answered, HttpExchange exchange, int status, String body)
      throws IOException {
    answered.run();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // The client gave up (a timed-out call): nothing to answer.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
