package io.zoopipe.manager;

import io.zoopipe.common.format.ShardPlan;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.manager.attempt.AttemptCounts;
import io.zoopipe.manager.attempt.AttemptFailedException;
import io.zoopipe.manager.attempt.AttemptResult;
import io.zoopipe.manager.plan.InputProbe;
import io.zoopipe.manager.plan.ShardPlanner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipe of a manager's job: its planned shards, a {@link ShardLedger} that keeps their attempts
 * and commits them by the boundary chain, and an {@link OutputCommitter} that owns the parts and
 * merges them. Invariant (from those two): every input record is in exactly one committed part, and
 * the destination is written only once every shard committed, all at once; on failure or cancel it
 * is untouched and the temporaries are removed by {@link #cleanUp}. Thread-safe.
 */
final class PipeJob {
  private static final Logger logger = LoggerFactory.getLogger(PipeJob.class);

  private final int pipeIndex;
  private final String jobId;
  private final PipeDescription description;
  private final InputProbe probe;
  private final ManagerMeters meters;
  private final ShardLedger ledger;
  private final OutputCommitter committer;
  private volatile OutputCommitter.Columns columns = OutputCommitter.Columns.NONE;

  /**
   * Probes the input and plans the shards; nothing is written yet.
   *
   * @param shardCount the most shards wanted
   * @throws PipelineException when the input is missing or unreadable
   */
  PipeJob(
      int pipeIndex,
      String jobId,
      PipeDescription description,
      int shardCount,
      long minShardBytes,
      int maxAttempts,
      ManagerMeters meters,
      StorageFactory storage) {
    this.pipeIndex = pipeIndex;
    this.meters = meters;
    this.jobId = jobId;
    this.description = description;
    this.probe = InputProbe.of(storage, description.input(), shardCount);
    this.committer = new OutputCommitter(jobId, description, storage);
    ShardPlan plan = probe.plan();
    boolean whole = plan == null && (!probe.splittable() || probe.size() == 0);
    List<ByteRange> ranges =
        plan != null
            ? plan.ranges()
            : whole
                ? List.of(ByteRange.ALL)
                : new ShardPlanner(minShardBytes).plan(probe.size(), shardCount);
    if (plan != null && !plan.note().isEmpty()) {
      logger.warn("{}: {}", description.input().location(), plan.note());
    }
    this.ledger =
        new ShardLedger(
            jobId,
            pipeIndex,
            description.input().location().toString(),
            ranges,
            whole,
            plan != null,
            maxAttempts,
            meters,
            committer::discard,
            description.errorLimit());
  }

  int pipeIndex() {
    return pipeIndex;
  }

  PipeDescription description() {
    return description;
  }

  int shardCount() {
    return ledger.shardCount();
  }

  long inputSize() {
    return probe.size();
  }

  /** Marks the job running and creates the local part directories. */
  void begin() throws IOException {
    committer.prepare();
    ledger.begin();
    logger.info(
        "Job {} pipe {}: {} shard(s) of {} ({} bytes)",
        jobId,
        pipeIndex,
        ledger.shardCount(),
        description.input().location(),
        probe.size());
  }

  boolean isActive() {
    return ledger.isActive();
  }

  /**
   * The next attempt of {@code index}, or null when the shard no longer needs one (the job ended).
   */
  @Nullable ShardTask nextAttempt(int index, String worker) {
    ShardLedger.Lease lease = ledger.lease(index, worker);
    if (lease == null) {
      return null;
    }
    return new ShardTask(
        lease.key(),
        description.withInput(probe.shardInput(index)).withErrorLimit(lease.errorLimit()),
        lease.wholeInput(),
        lease.range(),
        lease.exactStart(),
        committer.outputPart(lease.key()),
        committer.errorPart(lease.key()));
  }

  void progress(AttemptKey key, AttemptCounts counts) {
    ledger.progress(key, counts);
  }

  /** See {@link ShardLedger#completed}: returns the shards to run again, to be queued first. */
  List<Integer> completed(AttemptKey key, AttemptResult result) {
    List<Integer> again = ledger.completed(key, result);
    if (ledger.isActive()) {
      committer.committed(ledger.committed());
    }
    return again;
  }

  /** See {@link ShardLedger#failed}: returns the shards to run again (this one, on a retry). */
  List<Integer> failed(AttemptKey key, AttemptFailedException failure, String worker) {
    return ledger.failed(key, failure, worker);
  }

  /** Fails the job (no worker left, a merge failed...); running attempts are then cancelled. */
  void fail(Throwable cause) {
    ledger.fail(cause);
  }

  /** Aborts the job: the destination stays untouched. */
  void cancel() {
    ledger.cancel();
  }

  /** Waits until every shard committed or the job ended; returns whether all committed. */
  boolean awaitShards(Duration timeout) throws InterruptedException {
    return ledger.awaitShards(timeout);
  }

  /**
   * Merges the committed parts into the destinations and completes the job; a failure of the merge
   * (CSV columns that disagree, storage) fails it.
   */
  void merge() {
    if (!ledger.isActive()) {
      return;
    }
    List<AttemptResult> results = ledger.committed();
    long mergeStart = System.nanoTime();
    try {
      OutputCommitter.Columns merged = committer.merge(results, ledger::isActive);
      if (merged == null) {
        ledger.cancel();
        return;
      }
      columns = merged;
      ledger.complete();
      meters.merged(Duration.ofNanos(System.nanoTime() - mergeStart));
      logger.info(
          "Job {} pipe {}: merged {} shard(s) in {} ms",
          jobId,
          pipeIndex,
          results.size(),
          (System.nanoTime() - mergeStart) / 1_000_000);
    } catch (IOException e) {
      ledger.fail(
          new PipelineException(
              ErrorKind.STORAGE, "merging the output parts failed: " + e.getMessage(), e));
    } catch (PipelineException e) {
      ledger.fail(e);
    }
  }

  /** Deletes every temporary file of the job: parts, envelope pieces, their directories. */
  void cleanUp() {
    committer.cleanUp(ledger.held());
  }

  /** A snapshot: committed shards' counts plus the running attempts' latest progress. */
  PipeReport report(long ramBytes, long peakRamBytes, int workers) {
    ShardLedger.Snapshot snapshot = ledger.snapshot();
    OutputCommitter.Columns merged = columns;
    AttemptCounts counts = snapshot.counts();
    return new PipeReport(
        snapshot.status(),
        counts.totalProcessed(),
        counts.successCount(),
        counts.errorCount(),
        counts.droppedCount(),
        Math.min(counts.bytesRead(), probe.size()),
        probe.size(),
        snapshot.startTime(),
        snapshot.endTime(),
        snapshot.duration(),
        ramBytes,
        peakRamBytes,
        description.executor().batchSize(),
        description.executor().concurrency() * workers,
        0,
        snapshot.status() == PipeStatus.COMPLETED ? probe.size() : -1,
        merged.output(),
        merged.errors(),
        snapshot.failure(),
        counts.faults());
  }

  List<ShardReport> shardReports() {
    return ledger.shardReports();
  }

  /** Shards done (committed or empty) so far. */
  int shardsDone() {
    return ledger.shardsDone();
  }
}
