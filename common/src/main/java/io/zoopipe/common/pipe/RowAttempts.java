package io.zoopipe.common.pipe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Calls one thing per row of a batch, each row on its own, and retries the failed calls under the
 * run's {@link RetryPolicy}: rows are started in order; a row that failed waits its back-off in a
 * queue while the other rows go on, so a batch thread never sleeps while a row is ready. Calls may
 * complete later ({@code async}): each then holds one of the run's in-flight permits, and the batch
 * thread waits for completions. A fatal failure, an {@link Error} or a {@link PipelineException}
 * cancels the calls in flight and is thrown. Not thread-safe: one instance per batch and call of
 * {@link #run}, on the thread processing the batch.
 *
 * @param <T> what a successful call returns
 */
final class RowAttempts<T> {
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** Starts attempt {@code attempt} (1-based) of row {@code row}. */
  interface Call<T> {
    CompletableFuture<T> start(int row, int attempt) throws Exception;
  }

  /** How one row ended: its value, or the failure of its last attempt. */
  record Outcome<T>(@Nullable T value, @Nullable Throwable failure, int attempts) {}

  private final RowFaults faults;
  private final FaultTally tally;
  private final boolean async;
  private final String subject;
  private final IntFunction<String> rowName;
  private final LinkedBlockingQueue<Integer> completed = new LinkedBlockingQueue<>();
  private final ArrayDeque<Integer> ready = new ArrayDeque<>();
  private final PriorityQueue<long[]> waiting =
      new PriorityQueue<>((a, b) -> Long.compare(a[1], b[1]));
  private int[] attempts = new int[0];
  private long[] delayNanos = new long[0];
  private List<@Nullable CompletableFuture<T>> futures = List.of();
  private List<@Nullable CompletableFuture<T>> calls = List.of();
  private List<@Nullable Outcome<T>> outcomes = List.of();
  private int open;

  /**
   * @param subject the hook or processor called, for messages
   * @param rowName names row {@code i} for messages ("the row at position 7")
   */
  RowAttempts(
      RowFaults faults,
      FaultTally tally,
      boolean async,
      String subject,
      IntFunction<String> rowName) {
    this.faults = faults;
    this.tally = tally;
    this.async = async;
    this.subject = subject;
    this.rowName = rowName;
  }

  /** Calls every row of {@code rows} until it succeeds or its attempts are spent. */
  List<Outcome<T>> run(int rows, Call<T> call) {
    attempts = new int[rows];
    delayNanos = new long[rows];
    futures = new ArrayList<>(Arrays.asList(newArray(rows)));
    calls = new ArrayList<>(Arrays.asList(newArray(rows)));
    outcomes = new ArrayList<>(Arrays.asList(newOutcomes(rows)));
    open = rows;
    for (int i = 0; i < rows; i++) {
      ready.add(i);
    }
    try {
      while (open > 0) {
        step(call);
      }
    } catch (InterruptedException e) {
      cancelAll();
      Thread.currentThread().interrupt();
      throw new PipelineException(ErrorKind.HOOK, subject + " was interrupted", e);
    } catch (RuntimeException | Error e) {
      cancelAll();
      throw e;
    }
    List<Outcome<T>> result = new ArrayList<>(rows);
    for (Outcome<T> outcome : outcomes) {
      if (outcome == null) {
        throw new IllegalStateException("a row was left without an outcome");
      }
      result.add(outcome);
    }
    return result;
  }

  private void step(Call<T> call) throws InterruptedException {
    for (Integer done = completed.poll(); done != null; done = completed.poll()) {
      settle(done);
    }
    long now = System.nanoTime();
    while (!waiting.isEmpty() && (waiting.peek()[1] <= now || faults.stopped())) {
      long[] due = waiting.poll();
      int row = (int) due[0];
      if (faults.stopped()) {
        finish(row, null, futureFailure(row)); // the run stops: no more retries
      } else {
        tally.backoffNanos += due[2];
        ready.add(row);
      }
    }
    if (!ready.isEmpty()) {
      if (async && !faults.tryAcquireCall(SLICE_NANOS)) {
        return;
      }
      faults.awaitRate();
      launch(ready.poll(), call);
      return;
    }
    if (open > 0) {
      long wait = waiting.isEmpty() ? SLICE_NANOS : Math.min(SLICE_NANOS, waiting.peek()[1] - now);
      Integer done = completed.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
      if (done != null) {
        settle(done);
      }
    }
  }

  private void launch(int row, Call<T> call) {
    int attempt = ++attempts[row];
    if (attempt > 1) {
      tally.retries++;
    }
    CompletableFuture<T> started;
    try {
      started = call.start(row, attempt);
    } catch (Exception e) {
      started = CompletableFuture.failedFuture(e);
    }
    if (!async) {
      futures.set(row, started);
      settle(row);
      return;
    }
    CompletableFuture<T> watched = timed(started);
    futures.set(row, watched);
    calls.set(row, started);
    CompletableFuture<T> unused =
        watched.whenComplete(
            (value, failure) -> {
              faults.releaseCall();
              completed.add(row);
            });
  }

  /** The call bounded by the policy's timeout; a call that times out is cancelled. */
  private CompletableFuture<T> timed(CompletableFuture<T> started) {
    Duration timeout = faults.policy().callTimeout();
    if (timeout.isZero()) {
      return started;
    }
    return started
        .copy()
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (value, failure) -> {
              if (RowAttempts.unwrap(failure == null ? new Exception() : failure)
                  instanceof TimeoutException) {
                started.cancel(true);
              }
            });
  }

  /** Row {@code row}'s attempt has completed: records its value, retries it, or fails it. */
  private void settle(int row) {
    CompletableFuture<T> future = futures.get(row);
    if (future == null) {
      throw new IllegalStateException("row " + row + " settled without a call");
    }
    Throwable failure = futureFailure(row);
    if (failure == null) {
      finish(row, future.join(), null);
      return;
    }
    RetryPolicy retry = faults.retry();
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof PipelineException pipeline) {
      throw pipeline;
    }
    if (retry.isFatal(failure)) {
      throw new PipelineException(
          ErrorKind.HOOK,
          subject + " failed on " + rowName.apply(row) + ": " + describe(failure),
          failure);
    }
    if (retry.isRetryable(failure) && attempts[row] < retry.maxAttempts() && !faults.stopped()) {
      long backoff = retry.backoff(attempts[row], failure, ThreadLocalRandom.current()).toNanos();
      if (delayNanos[row] + backoff <= retry.maxTotalDelay().toNanos()) {
        delayNanos[row] += backoff;
        waiting.add(new long[] {row, System.nanoTime() + backoff, backoff});
        return;
      }
    }
    finish(row, null, failure);
  }

  private void finish(int row, @Nullable T value, @Nullable Throwable failure) {
    outcomes.set(row, new Outcome<>(value, failure, attempts[row]));
    open--;
  }

  /** The failure of row {@code row}'s last completed attempt, unwrapped; null if it succeeded. */
  private @Nullable Throwable futureFailure(int row) {
    CompletableFuture<T> future = futures.get(row);
    if (future == null || !future.isCompletedExceptionally()) {
      return null;
    }
    try {
      future.join();
      return null;
    } catch (CompletionException | CancellationException e) {
      return unwrap(e);
    }
  }

  private void cancelAll() {
    for (CompletableFuture<T> future : futures) {
      if (future != null) {
        future.cancel(true);
      }
    }
    for (CompletableFuture<T> call : calls) {
      if (call != null) {
        call.cancel(true);
      }
    }
  }

  /** The exception a call threw, out of the wrappers that futures put around it. */
  static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** {@code type: message}, or the type alone. */
  static String describe(Throwable failure) {
    String message = failure.getMessage();
    String type = failure.getClass().getName();
    return message == null ? type : type + ": " + message;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private CompletableFuture<T>[] newArray(int size) {
    return new CompletableFuture[size];
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Outcome<T>[] newOutcomes(int size) {
    return new Outcome[size];
  }
}
