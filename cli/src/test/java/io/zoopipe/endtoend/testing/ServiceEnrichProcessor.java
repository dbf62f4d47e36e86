package io.zoopipe.endtoend.testing;

import io.zoopipe.common.pipe.AsyncRowProcessor;
import io.zoopipe.common.pipe.HookStore;
import io.zoopipe.common.pipe.RetryableRowException;
import io.zoopipe.common.pipe.RowContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the test service at {@code $ZOOPIPE_TEST_SERVICE} once per row ({@code GET /rows/<id>},
 * with the row's idempotency key), asynchronously: 200 adds an {@code enriched} column, 503 and 429
 * are retryable (429 with its Retry-After), 400 is permanent. Loaded by name in worker JVMs, which
 * inherit the variable. Thread-safe.
 */
public final class ServiceEnrichProcessor
    implements AsyncRowProcessor<Map<String, Object>, Map<String, Object>> {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final URI base = URI.create(System.getenv("ZOOPIPE_TEST_SERVICE"));

  /** Warms the client up with an uncounted request, so that the first rows' calls do not bunch. */
  @Override
  public void setup(HookStore store) {
    try {
      CLIENT.send(
          HttpRequest.newBuilder(base.resolve("/warmup")).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public CompletableFuture<Map<String, Object>> processAsync(
      Map<String, Object> row, RowContext context) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/rows/" + row.get("id")))
            .timeout(Duration.ofSeconds(30));
    String key = context.idempotencyKey();
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return CLIENT
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> rowOf(row, response));
  }

  private static Map<String, Object> rowOf(Map<String, Object> row, HttpResponse<String> response) {
    switch (response.statusCode()) {
      case 200 -> {
        Map<String, Object> enriched = new LinkedHashMap<>(row);
        enriched.put("enriched", response.body());
        return enriched;
      }
      case 503 -> throw new RetryableRowException("HTTP 503 for row " + row.get("id"));
      case 429 -> {
        Duration after =
            response
                .headers()
                .firstValue("Retry-After")
                .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)))
                .orElse(null);
        throw new RetryableRowException("HTTP 429 for row " + row.get("id"), after, null);
      }
      case 400 -> throw new IllegalArgumentException("HTTP 400: " + response.body());
      default ->
          throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
    }
  }
}
