package io.zoopipe.examples.enrich;

import io.zoopipe.common.pipe.AsyncRowProcessor;
import io.zoopipe.common.pipe.RetryableRowException;
import io.zoopipe.common.pipe.RowContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Adds a {@code score} column to each row from the service at {@code $ZOOPIPE_ENRICH_URL} ({@code
 * GET <url>/<user_id>}, with the row's idempotency key), asynchronously: the engine keeps up to
 * {@code --max-in-flight} calls going. A 503 or 429 is retryable ({@link RetryableRowException},
 * with the 429's Retry-After); any other status fails the row. Thread-safe.
 */
public final class EnrichProcessor
    implements AsyncRowProcessor<Map<String, Object>, Map<String, Object>> {
  // The client's own work (parsing a response, completing its future) runs on its selector thread
  // rather than hopping to a pool thread for each step: what follows a call here never blocks.
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Runnable::run)
          .build();

  private final URI base =
      URI.create(
          Objects.requireNonNull(
                  System.getenv("ZOOPIPE_ENRICH_URL"), "set ZOOPIPE_ENRICH_URL to the service")
              + "/");

  @Override
  public CompletableFuture<Map<String, Object>> processAsync(
      Map<String, Object> row, RowContext context) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(String.valueOf(row.get("user_id"))));
    String key = context.idempotencyKey();
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return CLIENT
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> enriched(row, response));
  }

  private static Map<String, Object> enriched(
      Map<String, Object> row, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status == 200) {
      Map<String, Object> out = new LinkedHashMap<>(row);
      out.put("score", response.body());
      return out;
    }
    if (status == 503 || status == 429) {
      Duration after =
          response
              .headers()
              .firstValue("Retry-After")
              .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)))
              .orElse(null);
      throw new RetryableRowException("HTTP " + status + " for " + row.get("user_id"), after, null);
    }
    throw new IllegalStateException("HTTP " + status + " for " + row.get("user_id"));
  }
}
