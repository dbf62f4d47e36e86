package io.zoopipe.common.testing;

import io.zoopipe.common.pipe.HookStore;
import io.zoopipe.common.pipe.RowContext;
import io.zoopipe.common.pipe.RowProcessor;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

/** A row processor that calls the {@link FlakyService} once per row, blocking. Thread-safe. */
public final class EnrichProcessor
    implements RowProcessor<Map<String, Object>, Map<String, Object>> {
  private final URI base;

  /** For workers: the address from {@value ServiceResponses#PROPERTY}. */
  public EnrichProcessor() {
    this(ServiceResponses.baseFromEnvironment());
  }

  public EnrichProcessor(URI base) {
    this.base = base;
  }

  @Override
  public void setup(HookStore store) {
    ServiceResponses.warmUp(base);
  }

  @Override
  public Map<String, Object> process(Map<String, Object> row, RowContext context) throws Exception {
    HttpResponse<String> response =
        ServiceResponses.CLIENT.send(
            ServiceResponses.request(base, row, context.idempotencyKey()),
            HttpResponse.BodyHandlers.ofString());
    return ServiceResponses.rowOf(row, response);
  }
}
