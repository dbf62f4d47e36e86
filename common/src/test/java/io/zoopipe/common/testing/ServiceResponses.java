package io.zoopipe.common.testing;

import io.zoopipe.common.pipe.RetryableRowException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the test processors turn a {@link FlakyService} answer into a row or an exception, as a real
 * client would: 200 enriches the row, 503 and 429 are {@link RetryableRowException}s (429 with its
 * {@code Retry-After}), 400 is an {@link IllegalArgumentException} (permanent). The base address
 * comes from the system property or environment variable {@value #PROPERTY} when not given.
 */
public final class ServiceResponses {
  /** Where processors built without an address find the service. */
  public static final String PROPERTY = "ZOOPIPE_TEST_SERVICE";

  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServiceResponses() {}

  /** The service's base address ({@code http://host:port}) from the environment. */
  static URI baseFromEnvironment() {
    String base = System.getProperty(PROPERTY, System.getenv(PROPERTY));
    if (base == null) {
      throw new IllegalStateException("set " + PROPERTY + " to the test service's address");
    }
    return URI.create(base);
  }

  /**
   * Makes one request that the service does not count ({@code /warmup}, answered 404), so that the
   * client's first-call start-up (selector thread, first connection) does not hold back the first
   * rows' calls and release them in a burst.
   */
  static void warmUp(URI base) {
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

  static HttpRequest request(URI base, Map<String, Object> row, @Nullable String key) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve("/rows/" + row.get("id")))
            .timeout(Duration.ofSeconds(30));
    if (key != null) {
      builder.header("Idempotency-Key", key);
    }
    return builder.build();
  }

  static Map<String, Object> rowOf(Map<String, Object> row, HttpResponse<String> response) {
    int status = response.statusCode();
    switch (status) {
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
      default -> throw new IllegalStateException("HTTP " + status + ": " + response.body());
    }
  }
}
