package io.zoopipe.common.executor;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler of a {@link MultiThreadExecutor}. The calling thread reads and submits batches to a
 * pool of {@code maxWorkers} threads, holding a permit per batch in flight; a writer thread takes
 * the results in submission order (completion order when unordered), writes them and returns the
 * permit. Threads are named {@code <name>-worker-<n>} and {@code <name>-writer}; each {@link #run}
 * starts its own and stops them before it returns. Every wait is bounded: after a failure the
 * writer stops within {@value #POLL_MILLIS} ms and the pool's batches are interrupted or cancelled.
 */
final class PoolScheduler implements BatchScheduler {
  private static final long POLL_MILLIS = 100;
  private static final long POOL_DRAIN_SECONDS = 10;

  private final MultiThreadExecutor executor;
  private final String name;

  PoolScheduler(MultiThreadExecutor executor, String name) {
    this.executor = executor;
    this.name = name;
  }

  @Override
  public <B, R> void run(
      BatchSource<B> source, BatchWork<B, R> work, BatchSink<R> sink, BooleanSupplier stopRequested)
      throws Exception {
    new Pass<>(source, work, sink, stopRequested).run();
  }

  /** The state of one call of {@link #run}. */
  private final class Pass<B, R> {
    private final BatchSource<B> source;
    private final BatchWork<B, R> work;
    private final BatchSink<R> sink;
    private final BooleanSupplier stopRequested;
    private final Semaphore permits = new Semaphore(executor.maxBatchesInFlight());
    private final BlockingQueue<Object> toWrite = new LinkedBlockingQueue<>();
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

    Pass(
        BatchSource<B> source,
        BatchWork<B, R> work,
        BatchSink<R> sink,
        BooleanSupplier stopRequested) {
      this.source = source;
      this.work = work;
      this.sink = sink;
      this.stopRequested = stopRequested;
    }

    void run() throws Exception {
      List<Thread> workers = new CopyOnWriteArrayList<>();
      ExecutorService pool =
          Executors.newFixedThreadPool(executor.maxWorkers(), threads(name + "-worker-", workers));
      Thread writer = new Thread(this::writeLoop, name + "-writer");
      writer.setDaemon(true);
      writer.start();
      long submitted = 0;
      try {
        while (!stopRequested.getAsBoolean() && failure.get() == null) {
          if (!permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            continue;
          }
          B batch = source.next();
          if (batch == null) {
            permits.release();
            break;
          }
          submit(pool, submitted++, batch);
        }
      } catch (Throwable e) {
        fail(e);
      } finally {
        // The queue is unbounded (permits bound it), so this never blocks.
        toWrite.add(new End(submitted));
        if (failure.get() != null) {
          cancel(pool);
        }
        join(writer);
        if (failure.get() != null) {
          cancel(pool);
        }
        shutdown(pool);
        joinAll(workers);
      }
      rethrow(failure.get());
    }

    private void submit(ExecutorService pool, long index, B batch) {
      if (executor.ordered()) {
        toWrite.add(pool.submit(() -> work.process(index, batch)));
      } else {
        pool.execute(
            () -> {
              try {
                toWrite.add(new Done(work.process(index, batch)));
              } catch (Throwable e) {
                toWrite.add(new Failed(e));
              }
            });
      }
    }

    private void writeLoop() {
      boolean ordered = executor.ordered();
      long written = 0;
      long expected = Long.MAX_VALUE;
      try {
        while (written < expected && failure.get() == null) {
          Object next = toWrite.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (next == null) {
            continue;
          }
          if (next instanceof End end) {
            expected = end.batches();
            if (ordered) {
              break;
            }
            continue;
          }
          written++;
          R result = result(next);
          if (failure.get() == null) {
            sink.write(result);
          }
          permits.release();
        }
      } catch (ExecutionException e) {
        fail(e.getCause() == null ? e : e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(e);
      } catch (Throwable e) {
        fail(e);
      } finally {
        // Keep the reader from waiting for permits that will never come back.
        permits.release(Integer.MAX_VALUE / 2);
      }
    }

    @SuppressWarnings("unchecked") // the queue holds only what submit put there for this pass
    private R result(Object next) throws Throwable {
      if (next instanceof Future<?> future) {
        while (true) {
          try {
            return (R) future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            if (failure.get() != null) {
              throw new CancellationException("the run failed");
            }
          }
        }
      }
      if (next instanceof Failed failed) {
        throw failed.cause();
      }
      return (R) ((Done) next).result();
    }

    private void fail(Throwable e) {
      failure.compareAndSet(null, e);
    }
  }

  /**
   * Waits for the writer, which ends once it has written what was submitted. An interrupt is passed
   * on to the writer, which then stops waiting for results, and is restored afterwards.
   */
  private static void join(Thread writer) {
    boolean interrupted = false;
    while (true) {
      try {
        writer.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        writer.interrupt();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the pool after a failure: running batches are interrupted and batches not started are
   * cancelled, so that nobody waits for them.
   */
  private static void cancel(ExecutorService pool) {
    for (Runnable notStarted : pool.shutdownNow()) {
      if (notStarted instanceof Future<?> future) {
        future.cancel(false);
      }
    }
  }

  private static void shutdown(ExecutorService pool) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(POOL_DRAIN_SECONDS, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static void rethrow(@Nullable Throwable failure) throws Exception {
    if (failure == null) {
      return;
    }
    if (failure instanceof Exception exception) {
      throw exception;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException("batch scheduling failed", failure);
  }

  /**
   * Waits briefly for the pool's threads, which end just after the pool terminates, so that none
   * outlives {@link #run}.
   */
  private static void joinAll(List<Thread> threads) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    try {
      for (Thread thread : threads) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          thread.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String prefix, List<Thread> created) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      created.add(thread);
      return thread;
    };
  }

  /** Marks the end of submissions: how many batches the writer must write. */
  private record End(long batches) {}

  /** A batch processed out of order (unordered mode). */
  private record Done(Object result) {}

  /** A batch whose processing threw (unordered mode). */
  private record Failed(Throwable cause) {}
}
