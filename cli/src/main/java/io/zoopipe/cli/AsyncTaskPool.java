package io.zoopipe.cli;

import org.jspecify.annotations.Nullable;

/**
 * Gives the process's {@code CompletableFuture} tasks a thread pool on small machines. The JDK runs
 * a future's {@code *Async} steps without an executor on the common {@code ForkJoinPool}, but only
 * when its parallelism (the processor count less one, by default) is above one; on one or two
 * processors it starts a new thread for every such step instead. The JDK's {@code HttpClient} moves
 * each response of {@code sendAsync} to that default executor, so an asynchronous row processor
 * calling a service started a thread per row: about 900 µs of CPU per row on two cores, where a
 * pool of two costs a third of that (see the enrich benchmark). Called first thing in {@code main},
 * before any future or pool exists; a parallelism the user set is kept. Stateless.
 */
final class AsyncTaskPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private AsyncTaskPool() {}

  /** Sets the common pool's parallelism to two when the JVM would make it one or less. */
  static void ensure() {
    String parallelism =
        parallelismFor(Runtime.getRuntime().availableProcessors(), System.getProperty(PARALLELISM));
    if (parallelism != null) {
      System.setProperty(PARALLELISM, parallelism);
    }
  }

  /** The parallelism to set for {@code processors} and the user's setting, or null for none. */
  static @Nullable String parallelismFor(int processors, @Nullable String configured) {
    return configured == null && processors - 1 <= 1 ? "2" : null;
  }
}
