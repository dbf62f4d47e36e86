package io.zoopipe.examples.enrich;

import io.zoopipe.common.pipe.AsyncRowProcessor;
import io.zoopipe.common.pipe.RetryableRowException;
import io.zoopipe.common.pipe.RowContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The enrich job without the network: each call completes after {@code
 * $ZOOPIPE_SIMULATED_LATENCY_MS} (default 2) from a timer thread, with the score {@link
 * EnrichService} would answer, and fails its first attempt with a retryable exception for the same
 * 1% of ids the service fails once. It measures what the engine's asynchronous calls, in-flight
 * bound and retries cost on their own: the enrich benchmark runs it beside the HTTP job, and both
 * must write the same rows. Thread-safe.
 */
public final class SimulatedCallProcessor
    implements AsyncRowProcessor<Map<String, Object>, Map<String, Object>> {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "simulated-call-timer");
            thread.setDaemon(true);
            return thread;
          });

  private final long latencyMillis =
      Long.parseLong(System.getenv().getOrDefault("ZOOPIPE_SIMULATED_LATENCY_MS", "2"));

  @Override
  public CompletableFuture<Map<String, Object>> processAsync(
      Map<String, Object> row, RowContext context) {
    String id = String.valueOf(row.get("user_id"));
    CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    @SuppressWarnings("FutureReturnValueIgnored") // the task completes the answer, or fails it
    var unused =
        TIMER.schedule(
            () -> {
              if (context.attempt() == 1 && EnrichService.failsOnce(id, 0.01)) {
                answer.completeExceptionally(new RetryableRowException("simulated 503 for " + id));
              } else {
                Map<String, Object> out = new LinkedHashMap<>(row);
                out.put("score", EnrichService.score(id));
                answer.complete(out);
              }
            },
            latencyMillis,
            TimeUnit.MILLISECONDS);
    return answer;
  }
}
