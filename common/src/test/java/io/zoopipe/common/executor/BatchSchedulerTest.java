package io.zoopipe.common.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.executor.BatchScheduler.BatchSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schedulers' contract: order, back-pressure, stop, failure, and the threads they own. */
class BatchSchedulerTest {
  private static volatile long sink;

  @Test
  void anOrderedPoolWritesInReadingOrderWhenALaterBatchIsDoneFirst() throws Exception {
    List<Integer> written = new ArrayList<>();

    new MultiThreadExecutor(2, 10)
        .scheduler("test-run")
        .run(source(20), overtaking(), written::add, () -> false);

    assertThat(written).isEqualTo(range(20));
  }

  @Test
  void anUnorderedPoolLetsAFastBatchOvertakeASlowOne() throws Exception {
    List<Integer> written = new ArrayList<>();
    CountDownLatch oneWritten = new CountDownLatch(1);

    // Batch 0 finishes only once batch 1 has been written: in unordered mode nothing holds 1 back.
    new MultiThreadExecutor(2, 10)
        .unordered()
        .scheduler("test-run")
        .run(
            source(20),
            (index, batch) -> {
              if (batch == 0 && !oneWritten.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("batch 1 was never written");
              }
              return batch;
            },
            batch -> {
              written.add(batch);
              if (batch == 1) {
                oneWritten.countDown();
              }
            },
            () -> false);

    assertThat(written).containsExactlyInAnyOrderElementsOf(range(20));
    assertThat(written.indexOf(1)).isLessThan(written.indexOf(0));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void atMostTwiceTheWorkersBatchesAreBetweenReadingAndWriting(int workers) throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    BatchSource<Integer> counted = counting(source(500), inFlight, most);
    List<Integer> written = new ArrayList<>();

    new MultiThreadExecutor(workers, 10)
        .scheduler("test-run")
        .run(
            counted,
            (index, batch) -> spin(batch),
            batch -> {
              inFlight.decrementAndGet();
              written.add(batch);
            },
            () -> false);

    assertThat(written).isEqualTo(range(500));
    assertThat(most.get()).isBetween(1, 2 * workers);
  }

  @Test
  void aSingleThreadDoesEverythingOnTheCallingThreadOneBatchAtATime() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> written = new ArrayList<>();

    new SingleThreadExecutor(10)
        .scheduler("test-run")
        .run(
            counting(source(50), inFlight, most),
            (index, batch) -> {
              threads.add(Thread.currentThread().getName());
              return batch;
            },
            batch -> {
              inFlight.decrementAndGet();
              threads.add(Thread.currentThread().getName());
              written.add(batch);
            },
            () -> false);

    assertThat(written).isEqualTo(range(50));
    assertThat(threads).containsExactly(Thread.currentThread().getName());
    assertThat(most.get()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aFailingBatchIsThrownAndNothingAfterItIsWritten(boolean multi) throws Exception {
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    IllegalStateException failure = new IllegalStateException("batch 7 is broken");
    BatchScheduler scheduler = executor(multi).scheduler("test-run");

    assertThatThrownBy(
            () ->
                scheduler.run(
                    source(1000),
                    (index, batch) -> {
                      if (batch == 7) {
                        throw failure;
                      }
                      return batch;
                    },
                    written::add,
                    () -> false))
        .isSameAs(failure);
    assertThat(written).isEqualTo(range(7));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aFailingSinkIsThrownAndStopsReading(boolean multi) throws Exception {
    AtomicInteger read = new AtomicInteger();
    BatchSource<Integer> all = source(100_000);
    BatchSource<Integer> source =
        () -> {
          read.incrementAndGet();
          return all.next();
        };

    assertThatThrownBy(
            () ->
                executor(multi)
                    .scheduler("test-run")
                    .run(
                        source,
                        (index, batch) -> batch,
                        batch -> {
                          if (batch == 3) {
                            throw new java.io.IOException("disk full");
                          }
                        },
                        () -> false))
        .hasMessage("disk full");
    assertThat(read.get()).isLessThan(100);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aStopEndsReadingAndEveryBatchReadIsStillWritten(boolean multi) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger read = new AtomicInteger();
    BatchSource<Integer> all = source(100_000);
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());

    executor(multi)
        .scheduler("test-run")
        .run(
            () -> {
              read.incrementAndGet();
              return all.next();
            },
            (index, batch) -> batch,
            batch -> {
              written.add(batch);
              if (batch == 10) {
                stop.set(true);
              }
            },
            stop::get);

    assertThat(written).isEqualTo(range(read.get()));
    assertThat(read.get()).isBetween(11, 11 + 2 * 2);
  }

  @Test
  void poolThreadsAreNamedAfterTheRunAndGoneWhenItReturns() throws Exception {
    Set<String> workers = ConcurrentHashMap.newKeySet();
    Set<String> writers = ConcurrentHashMap.newKeySet();

    new MultiThreadExecutor(2, 10)
        .scheduler("zoopipe-run-test")
        .run(
            source(100),
            (index, batch) -> {
              workers.add(Thread.currentThread().getName());
              return spin(batch);
            },
            batch -> writers.add(Thread.currentThread().getName()),
            () -> false);

    assertThat(workers)
        .isNotEmpty()
        .allSatisfy(name -> assertThat(name).matches("zoopipe-run-test-worker-[12]"));
    assertThat(writers).containsExactly("zoopipe-run-test-writer");
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().startsWith("zoopipe-run-test-"));
  }

  @Test
  void anInterruptedReaderEndsTheRunWithTheInterruption() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    Thread reader = Thread.currentThread();
    BatchSource<Integer> all = source(1_000_000);

    assertThatThrownBy(
            () ->
                new MultiThreadExecutor(1, 10)
                    .scheduler("test-run")
                    .run(
                        all,
                        (index, batch) -> {
                          if (batch == 0) {
                            reader.interrupt();
                            stuck.await(10, TimeUnit.SECONDS); // until the pool is stopped
                          }
                          return batch;
                        },
                        batch -> {},
                        () -> false))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().startsWith("test-run-"));
  }

  private static PipeExecutor executor(boolean multi) {
    return multi ? new MultiThreadExecutor(2, 10) : new SingleThreadExecutor(10);
  }

  /** Batches 0 to count - 1, then the end. */
  private static BatchSource<Integer> source(int count) {
    AtomicInteger next = new AtomicInteger();
    return () -> {
      int batch = next.getAndIncrement();
      return batch < count ? batch : null;
    };
  }

  private static BatchSource<Integer> counting(
      BatchSource<Integer> source, AtomicInteger inFlight, AtomicInteger most) {
    return () -> {
      Integer batch = source.next();
      if (batch != null) {
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      }
      return batch;
    };
  }

  /** Batch 0 waits until batch 1 is done, so batch 1 finishes first. */
  private static BatchScheduler.BatchWork<Integer, Integer> overtaking() {
    CountDownLatch firstDone = new CountDownLatch(1);
    return (index, batch) -> {
      if (batch == 0 && !firstDone.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("batch 1 never finished");
      }
      if (batch == 1) {
        firstDone.countDown();
      }
      return batch;
    };
  }

  /** Some CPU work whose length varies with the batch, so that batches finish out of order. */
  private static int spin(int batch) {
    long x = batch;
    for (int i = 0; i < (batch % 7) * 20_000; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    sink = x; // keeps the loop from being optimised away
    return batch;
  }

  private static List<Integer> range(int count) {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      numbers.add(i);
    }
    return numbers;
  }
}
