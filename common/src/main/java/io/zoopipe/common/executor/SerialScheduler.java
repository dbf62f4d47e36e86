package io.zoopipe.common.executor;

import java.util.function.BooleanSupplier;

/**
 * The scheduler of a {@link SingleThreadExecutor}: reads, processes and writes each batch in turn
 * on the calling thread. Stateless.
 */
final class SerialScheduler implements BatchScheduler {

  @Override
  public <B, R> void run(
      BatchSource<B> source, BatchWork<B, R> work, BatchSink<R> sink, BooleanSupplier stopRequested)
      throws Exception {
    long index = 0;
    while (!stopRequested.getAsBoolean()) {
      B batch = source.next();
      if (batch == null) {
        return;
      }
      sink.write(work.process(index++, batch));
    }
  }
}
