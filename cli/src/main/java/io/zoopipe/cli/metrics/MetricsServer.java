package io.zoopipe.cli.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus registry with the JVM's meters bound (memory, garbage collection, threads,
 * processor, class loading), served as Prometheus text at {@code GET /metrics} by the JDK's HTTP
 * server. The process's own meters are registered on {@link #registry()}. Closed by {@link
 * #close()} or, at the latest, when the JVM shuts down. Thread-safe.
 */
public final class MetricsServer implements AutoCloseable {
  /** The path meters are served at. */
  public static final String PATH = "/metrics";

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger logger = LoggerFactory.getLogger(MetricsServer.class);

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MetricsServer(
      PrometheusMeterRegistry registry,
      JvmGcMetrics gcMetrics,
      HttpServer server,
      ExecutorService executor) {
    this.registry = registry;
    this.gcMetrics = gcMetrics;
    this.server = server;
    this.executor = executor;
    this.shutdownHook = new Thread(this::stop, "zoopipe-metrics-shutdown");
  }

  /**
   * Binds {@code address} (port 0 picks a free one), starts serving and logs the URL at INFO.
   *
   * @throws IOException when the address cannot be bound (in use, not local)
   */
  public static MetricsServer start(InetSocketAddress address) throws IOException {
    requireNonNull(address, "address is null");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    JvmGcMetrics gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException | IllegalArgumentException e) {
      // An unresolved host is an UnresolvedAddressException, an IllegalArgumentException.
      gcMetrics.close();
      registry.close();
      throw new IOException(
          "cannot serve metrics on " + describe(address) + ": " + e.getMessage(), e);
    }
    // One daemon thread: scrapes are rare and small, and the server must not keep a JVM alive.
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "zoopipe-metrics-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    MetricsServer metrics = new MetricsServer(registry, gcMetrics, server, executor);
    server.createContext("/", metrics::handle);
    server.start();
    Runtime.getRuntime().addShutdownHook(metrics.shutdownHook);
    logger.info("Serving metrics at {}", metrics.uri());
    return metrics;
  }

  /** Where this process registers its meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The port listened on (the chosen one when started with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The URL to scrape, such as {@code http://127.0.0.1:9464/metrics}. */
  public URI uri() {
    return URI.create("http://" + describe(server.getAddress()) + PATH);
  }

  /** Stops serving, unbinds the JVM meters and closes the registry. Idempotent. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running or has run.
    }
  }

  private void stop() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.shutdownNow();
      gcMetrics.close();
      registry.close();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        send(exchange, 404, "Not found; meters are at " + PATH + "\n");
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "Method not allowed\n");
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String describe(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
