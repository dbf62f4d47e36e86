package io.zoopipe.common.testing;

import io.zoopipe.common.pipe.AsyncRowProcessor;
import io.zoopipe.common.pipe.HookStore;
import io.zoopipe.common.pipe.RowContext;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous row processor that calls the {@link FlakyService} once per row with {@code
 * HttpClient.sendAsync}. Thread-safe.
 */
public final class AsyncEnrichProcessor
    implements AsyncRowProcessor<Map<String, Object>, Map<String, Object>> {
  private final URI base;

  /** For workers: the address from {@value ServiceResponses#PROPERTY}. */
  public AsyncEnrichProcessor() {
    this(ServiceResponses.baseFromEnvironment());
  }

  public AsyncEnrichProcessor(URI base) {
    this.base = base;
  }

  @Override
  public void setup(HookStore store) {
    ServiceResponses.warmUp(base);
  }

  @Override
  public CompletableFuture<Map<String, Object>> processAsync(
      Map<String, Object> row, RowContext context) {
    return ServiceResponses.CLIENT
        .sendAsync(
            ServiceResponses.request(base, row, context.idempotencyKey()),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> ServiceResponses.rowOf(row, response));
  }
}
