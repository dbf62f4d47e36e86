package io.zoopipe.manager;

import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.shard.BoundaryChain;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.manager.ShardEntry.State;
import io.zoopipe.manager.attempt.AttemptResult;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a pipe's finished shard attempts in shard order by its {@link BoundaryChain}, the one
 * rule that makes every record land in exactly one committed part: an attempt that started where
 * the previous committed one ended is committed; one whose shard the previous shard's last record
 * covered leaves its shard EMPTY; a speculative start that disagrees is discarded and its shard
 * queued again for exactly {@code [chain end, planned end)}; an exact start that disagrees fails
 * the pipe. Discarded attempts' parts are deleted. Not thread-safe: guarded by the ledger's lock.
 */
final class CommitChain {
  private static final Logger logger = LoggerFactory.getLogger(CommitChain.class);

  /**
   * What advancing did.
   *
   * @param rerun the shard to run again from the exact offset, or -1
   * @param broken the failure when an exact start disagreed, else null
   */
  record Step(int rerun, @Nullable PipelineException broken) {}

  private final String jobId;
  private final BoundaryChain chain;
  private final ManagerMeters meters;
  private final Consumer<AttemptResult> discard;

  CommitChain(
      String jobId, List<ByteRange> ranges, ManagerMeters meters, Consumer<AttemptResult> discard) {
    this.jobId = jobId;
    this.chain = new BoundaryChain(ranges);
    this.meters = meters;
    this.discard = discard;
  }

  boolean isComplete() {
    return chain.isComplete();
  }

  /** Shards committed or empty so far. */
  int done() {
    return chain.next();
  }

  /** Judges, in order, every finished shard the chain has reached. */
  Step advance(List<ShardEntry> shards) {
    while (!chain.isComplete()) {
      ShardEntry shard = shards.get(chain.next());
      AttemptResult result = shard.candidate;
      if (shard.state != State.FINISHED || result == null) {
        break;
      }
      long chainEnd = chain.end();
      shard.candidate = null;
      switch (chain.judge(result.startOffset(), result.endOffset(), shard.exact)) {
        case COMMIT -> {
          shard.committed = result;
          shard.state = State.COMMITTED;
          meters.committed(result.counts());
        }
        case EMPTY -> {
          logger.info(
              "Job {} shard {} owns no records: shard {} ended at {}",
              jobId,
              shard.index,
              shard.index - 1,
              chainEnd);
          discard.accept(result);
          shard.state = State.EMPTY;
          meters.attempt(ManagerMeters.Attempt.EMPTY);
        }
        case RERUN -> {
          logger.info(
              "Job {} shard {}: started at {} but shard {} ended at {}; re-running from there",
              jobId,
              shard.index,
              result.startOffset(),
              shard.index - 1,
              chainEnd);
          discard.accept(result);
          shard.range = chain.rerunRange();
          shard.exact = true;
          shard.state = State.QUEUED;
          meters.attempt(ManagerMeters.Attempt.RERUN);
          return new Step(shard.index, null);
        }
        case BROKEN -> {
          shard.candidate = result;
          meters.attempt(ManagerMeters.Attempt.FAILED);
          return new Step(
              -1,
              new PipelineException(
                  ErrorKind.INTERNAL,
                  "shard "
                      + shard.index
                      + " started at "
                      + result.startOffset()
                      + " although it was told to start exactly at "
                      + chainEnd));
        }
      }
    }
    return new Step(-1, null);
  }
}
