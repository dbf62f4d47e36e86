package io.zoopipe.common.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void callsFromSeveralThreadsStayWithinTheLimitInEverySecond() throws Exception {
    RateLimiter limiter = new RateLimiter(40);
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(
          threads.submit(
              () -> {
                for (int i = 0; i < 25; i++) {
                  limiter.acquire(() -> false);
                  starts.add(System.nanoTime());
                }
                return null;
              }));
    }
    for (Future<?> future : futures) {
      future.get(30, TimeUnit.SECONDS);
    }
    threads.shutdown();

    assertThat(peakPerSecond(starts)).isBetween(38, 41);
  }

  @Test
  void aStoppedRunStopsWaiting() throws Exception {
    RateLimiter limiter = new RateLimiter(0.1);
    limiter.acquire(() -> false);

    long start = System.nanoTime();

    assertThat(limiter.acquire(() -> System.nanoTime() - start > 100_000_000L)).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
  }

  private static int peakPerSecond(List<Long> times) {
    List<Long> sorted = new ArrayList<>(times);
    sorted.sort(null);
    Map<Long, Integer> buckets = new HashMap<>();
    for (long time : sorted) {
      buckets.merge((time - sorted.get(0)) / 1_000_000_000L, 1, Integer::sum);
    }
    return Collections.max(buckets.values());
  }
}
