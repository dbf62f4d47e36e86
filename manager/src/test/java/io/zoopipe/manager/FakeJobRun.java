package io.zoopipe.manager;

import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs one pipe job on fake workers the way a {@link ManagerExecution} coordinates it (begin,
 * dispatch every shard, await the chain, merge, stop, clean up), without launching anything. Not
 * thread-safe except {@link #cancel()}.
 */
final class FakeJobRun {
  final PipeJob job;
  final Dispatcher dispatcher;
  private final List<FakeShardWorker> workers;

  FakeJobRun(PipeDescription description, int shards, int maxAttempts, FakeShardWorker... workers) {
    this.job =
        new PipeJob(
            0,
            "0badc0de",
            description,
            shards,
            1,
            maxAttempts,
            ManagerMeters.none(),
            StorageFactory.defaults());
    this.workers = List.of(workers);
    this.dispatcher =
        new Dispatcher(
            () ->
                job.fail(
                    new PipelineException(
                        ErrorKind.INTERNAL, "all " + workers.length + " workers were lost")),
            ManagerMeters.none());
  }

  /** Runs the job to its end and returns its report. */
  PipeReport run() throws IOException, InterruptedException {
    try {
      job.begin();
      dispatcher.start(workers);
      for (int shard = 0; shard < job.shardCount(); shard++) {
        dispatcher.submit(job, shard);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!job.awaitShards(Duration.ofMillis(100))) {
        if (!job.isActive() || System.nanoTime() > deadline) {
          break;
        }
      }
      if (job.isActive()) {
        job.merge();
      }
    } finally {
      dispatcher.stop();
      dispatcher.join(5_000);
      job.cleanUp();
    }
    return job.report(0, 0, workers.size());
  }

  /** Cancels the job, as {@link ManagerExecution#shutdown()} does. */
  void cancel() {
    job.cancel();
    dispatcher.stop();
  }
}
