package io.zoopipe.common.pipe;

import java.util.concurrent.CompletableFuture;

/**
 * Typed per-row logic whose work completes later: for rows that wait on a service (an HTTP call
 * with {@code java.net.http.HttpClient.sendAsync}, an asynchronous database driver). The pipe
 * starts the calls of a batch one after another without waiting, up to the run's in-flight bound
 * ({@link FaultPolicy#maxInFlight()}, shared by every batch thread), and writes the rows in input
 * order once their futures complete; so a few batch threads keep many calls in flight. Registered
 * with {@link Pipe.Builder#asyncProcessor(AsyncRowProcessor)}.
 *
 * <pre>{@code
 * public final class Enrich implements AsyncRowProcessor<Order, Order> {
 *   private static final HttpClient CLIENT = HttpClient.newHttpClient();
 *
 *   public CompletableFuture<Order> processAsync(Order order, RowContext context) {
 *     HttpRequest request = HttpRequest.newBuilder(URI.create("http://prices/" + order.sku()))
 *         .header("Idempotency-Key", context.idempotencyKey())
 *         .build();
 *     return CLIENT.sendAsync(request, BodyHandlers.ofString())
 *         .thenApply(response -> order.withPrice(Prices.parse(response)));
 *   }
 * }
 * }</pre>
 *
 * <p>Contract, as for {@link RowProcessor}: the future's value replaces the row; a future that
 * completes exceptionally fails this row only, after the retries the {@link RetryPolicy} allows
 * (each a new call of {@code processAsync}); {@code context.drop()} and {@code context.fail(...)}
 * work in {@code processAsync} itself and in the future's stages; a call that takes longer than
 * {@link FaultPolicy#callTimeout()} fails with a {@link java.util.concurrent.TimeoutException} and
 * its future is cancelled. The future must complete: without a call timeout, one that never does
 * holds its batch forever.
 *
 * <p>Thread-safety. {@code processAsync} is called from several batch threads at once and its
 * futures complete on whatever threads their source uses: an implementation is stateless or keeps
 * thread-safe state. A class that travels to workers follows the rules of {@link RowProcessor}.
 *
 * @param <S> the row type it receives
 * @param <O> the type its futures complete with, written in the row's place
 */
@FunctionalInterface
public interface AsyncRowProcessor<S, O> {

  /** Called once per run before the first row; shared state goes into {@code store}. */
  default void setup(HookStore store) {}

  /**
   * Starts the work on one row and returns its future without waiting for it.
   *
   * @param row the validated row (never null)
   * @param context where the row came from, its idempotency key, its attempt; valid until the
   *     future completes
   * @throws Exception fails (or retries) this row, as a future completed with it would
   */
  CompletableFuture<O> processAsync(S row, RowContext context) throws Exception;

  /** Called once per run after the last row, also when the run fails or is shut down. */
  default void teardown(HookStore store) {}

  /** The raw columns it reads through {@link RowContext#rawData()}; none by default. */
  default ColumnSet requiredColumns() {
    return ColumnSet.none();
  }
}
