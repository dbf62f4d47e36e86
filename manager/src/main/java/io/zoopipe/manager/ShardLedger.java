package io.zoopipe.manager;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.pipe.ErrorLimit;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.manager.ShardEntry.State;
import io.zoopipe.manager.attempt.AttemptCounts;
import io.zoopipe.manager.attempt.AttemptFailedException;
import io.zoopipe.manager.attempt.AttemptResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The books of one pipe's shards: their states, attempts and retries, which attempt is current, the
 * pipe's status, and the data of its reports. Finished attempts are committed in shard order by a
 * {@link CommitChain}, which applies the {@link io.zoopipe.common.shard.BoundaryChain} rule: a
 * speculative start that disagrees is discarded and the shard queued again from the exact offset, a
 * shard the previous shard's last record covered owns no records.
 *
 * <p>Invariants: at most one attempt of a shard is current, and only the current attempt of an
 * active pipe changes its shard (any other is discarded and its parts deleted); a shard is retried
 * after a retryable failure until it failed {@code maxAttempts} times, then the pipe fails; once
 * the pipe ends (failed, aborted, completed) nothing changes but the report's end. Thread-safe:
 * guarded by one lock, which {@link #awaitShards} waits on.
 */
final class ShardLedger {
  private static final Logger logger = LoggerFactory.getLogger(ShardLedger.class);

  /** What an attempt about to start must read. */
  record Lease(
      AttemptKey key,
      ByteRange range,
      boolean exactStart,
      boolean wholeInput,
      ErrorLimit errorLimit) {}

  /** The pipe's status and the sums of its shards' counts, at one moment. */
  record Snapshot(
      PipeStatus status,
      AttemptCounts counts,
      @Nullable Instant startTime,
      @Nullable Instant endTime,
      Duration duration,
      @Nullable Throwable failure) {}

  private final String jobId;
  private final int pipeIndex;
  private final String input;
  private final int maxAttempts;
  private final ManagerMeters meters;
  private final Consumer<AttemptResult> discard;
  private final ErrorLimit errorLimit;
  private final List<ShardEntry> shards;
  private final Object lock = new Object();

  @GuardedBy("lock")
  private final CommitChain chain;

  @GuardedBy("lock")
  private final PipeLifecycle lifecycle = new PipeLifecycle();

  // Set when the error limit failed the pipe: its report then shows the counts that crossed it.
  @GuardedBy("lock")
  private boolean errorLimitCrossed;

  ShardLedger(
      String jobId,
      int pipeIndex,
      String input,
      List<ByteRange> ranges,
      boolean whole,
      int maxAttempts,
      ManagerMeters meters,
      Consumer<AttemptResult> discard) {
    this(jobId, pipeIndex, input, ranges, whole, maxAttempts, meters, discard, ErrorLimit.NONE);
  }

  /**
   * @param input the input's name, for messages
   * @param ranges the planned ranges, contiguous from 0
   * @param whole whether the input is read whole (then {@code ranges} is one range)
   * @param discard deletes the parts of an attempt that is not committed
   * @param errorLimit the pipe's error limit over all its shards: checked on every progress report
   *     and result, each attempt's task getting what is left of the count ({@link
   *     ErrorLimit#forPart}); crossing it fails the pipe with TOO_MANY_ROW_ERRORS
   */
  ShardLedger(
      String jobId,
      int pipeIndex,
      String input,
      List<ByteRange> ranges,
      boolean whole,
      int maxAttempts,
      ManagerMeters meters,
      Consumer<AttemptResult> discard,
      ErrorLimit errorLimit) {
    this(jobId, pipeIndex, input, ranges, whole, false, maxAttempts, meters, discard, errorLimit);
  }

  /**
   * @param exactStarts whether every shard starts exactly at its range's start (shards the format
   *     planned: {@link io.zoopipe.common.format.ShardPlan}); otherwise only the first does and the
   *     others' starts are guesses the chain checks
   */
  ShardLedger(
      String jobId,
      int pipeIndex,
      String input,
      List<ByteRange> ranges,
      boolean whole,
      boolean exactStarts,
      int maxAttempts,
      ManagerMeters meters,
      Consumer<AttemptResult> discard,
      ErrorLimit errorLimit) {
    this.jobId = requireNonNull(jobId, "jobId is null");
    this.errorLimit = requireNonNull(errorLimit, "errorLimit is null");
    this.pipeIndex = pipeIndex;
    this.input = requireNonNull(input, "input is null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.meters = requireNonNull(meters, "meters is null");
    this.discard = requireNonNull(discard, "discard is null");
    this.chain = new CommitChain(jobId, ranges, meters, discard);
    List<ShardEntry> planned = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      planned.add(new ShardEntry(i, ranges.get(i), whole, exactStarts));
    }
    this.shards = List.copyOf(planned);
  }

  int shardCount() {
    return shards.size();
  }

  /** Marks the pipe running. */
  void begin() {
    synchronized (lock) {
      lifecycle.begin();
    }
  }

  boolean isActive() {
    synchronized (lock) {
      return lifecycle.isActive();
    }
  }

  /** Starts the next attempt of {@code index}, or returns null when the shard needs none now. */
  @Nullable Lease lease(int index, String worker) {
    synchronized (lock) {
      ShardEntry shard = shards.get(index);
      if (!isActive() || shard.state != State.QUEUED) {
        return null;
      }
      shard.attempts++;
      shard.state = State.RUNNING;
      shard.worker = worker;
      shard.running = null;
      AttemptKey key = new AttemptKey(jobId, pipeIndex, index, shard.attempts);
      shard.current = key;
      return new Lease(
          key, shard.range, shard.exact, shard.whole, errorLimit.forPart(committedErrors()));
    }
  }

  void progress(AttemptKey key, AttemptCounts counts) {
    synchronized (lock) {
      ShardEntry shard = shards.get(key.shardIndex());
      if (isActive() && shard.runs(key)) {
        shard.running = counts;
        checkErrorLimit(false);
      }
    }
  }

  /**
   * Records a finished attempt and commits what the chain allows.
   *
   * @return shards to run again (a boundary mismatch), to be queued first
   */
  List<Integer> completed(AttemptKey key, AttemptResult result) {
    synchronized (lock) {
      ShardEntry shard = shards.get(key.shardIndex());
      if (!isActive() || !shard.runs(key)) {
        meters.attempt(ManagerMeters.Attempt.DISCARDED);
        discard.accept(result);
        return List.of();
      }
      shard.state = State.FINISHED;
      shard.candidate = result;
      shard.running = result.counts();
      shard.worker = result.worker().isBlank() ? shard.worker : result.worker();
      CommitChain.Step step = chain.advance(shards);
      if (step.broken() != null) {
        fail(step.broken());
      } else {
        checkErrorLimit(chain.isComplete());
      }
      lock.notifyAll();
      return step.rerun() < 0 ? List.of() : List.of(step.rerun());
    }
  }

  /**
   * Records a failed attempt.
   *
   * @return shards to run again (this one, when it may be retried)
   */
  List<Integer> failed(AttemptKey key, AttemptFailedException attemptFailure, String worker) {
    synchronized (lock) {
      ShardEntry shard = shards.get(key.shardIndex());
      if (!isActive() || !shard.runs(key)) {
        meters.attempt(ManagerMeters.Attempt.DISCARDED);
        return List.of();
      }
      shard.failures++;
      shard.running = null;
      boolean retryable = attemptFailure.kind().retryable();
      if (retryable && shard.failures < maxAttempts) {
        logger.warn(
            "Job {} shard {}: attempt {} on {} failed ({}); retrying",
            jobId,
            key.shardIndex(),
            key.attempt(),
            worker,
            attemptFailure.reason());
        shard.state = State.QUEUED;
        meters.attempt(ManagerMeters.Attempt.RETRIED);
        return List.of(key.shardIndex());
      }
      shard.state = State.FAILED;
      meters.attempt(ManagerMeters.Attempt.FAILED);
      PipelineException cause = attemptFailure.failure();
      String attempts = retryable ? " (" + shard.failures + " failed attempts)" : "";
      fail(
          new PipelineException(
              cause.kind(),
              "shard "
                  + key.shardIndex()
                  + " of "
                  + input
                  + ": "
                  + attemptFailure.reason()
                  + attempts,
              cause));
      return List.of();
    }
  }

  /** Fails the pipe (no worker left, a merge failed...); running attempts are then cancelled. */
  void fail(Throwable cause) {
    end(PipeStatus.FAILED, cause);
  }

  /** Aborts the pipe: the destination stays untouched. */
  void cancel() {
    end(PipeStatus.ABORTED, null);
  }

  /** Completes the pipe, unless it ended meanwhile. */
  void complete() {
    end(PipeStatus.COMPLETED, null);
  }

  /** Waits until every shard committed or the pipe ended; returns whether all committed. */
  boolean awaitShards(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (isActive() && !chain.isComplete()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return isActive() && chain.isComplete();
    }
  }

  /** The committed attempts, in shard order. */
  List<AttemptResult> committed() {
    synchronized (lock) {
      return shards.stream()
          .filter(shard -> shard.state == State.COMMITTED)
          .flatMap(shard -> Stream.ofNullable(shard.committed))
          .toList();
    }
  }

  /** Every attempt whose parts may still exist: finished ones waiting for the chain, committed. */
  List<AttemptResult> held() {
    synchronized (lock) {
      return shards.stream()
          .flatMap(shard -> Stream.of(shard.candidate, shard.committed).filter(Objects::nonNull))
          .toList();
    }
  }

  /** Committed shards' counts plus, while the pipe runs, the running attempts' latest progress. */
  Snapshot snapshot() {
    synchronized (lock) {
      AttemptCounts sums = AttemptCounts.NONE;
      for (ShardEntry shard : shards) {
        AttemptCounts counts =
            shard.countedIn(errorLimitCrossed ? PipeStatus.RUNNING : lifecycle.status());
        if (counts != null) {
          sums = sums.plusRecords(counts);
        }
      }
      return new Snapshot(
          lifecycle.status(),
          sums,
          lifecycle.startTime(),
          lifecycle.endTime(),
          lifecycle.duration(),
          lifecycle.failure());
    }
  }

  List<ShardReport> shardReports() {
    synchronized (lock) {
      return shards.stream().map(shard -> shard.report(pipeIndex)).toList();
    }
  }

  /** Shards done (committed or empty) so far. */
  int shardsDone() {
    synchronized (lock) {
      return chain.done();
    }
  }

  /**
   * Fails the pipe when the counts of its shards (committed, and the latest of those running or
   * finished) cross the error limit; {@code finished}: every shard committed.
   */
  @GuardedBy("lock")
  private void checkErrorLimit(boolean finished) {
    if (errorLimit.isNone()) {
      return;
    }
    long seen = 0;
    long failed = 0;
    for (ShardEntry shard : shards) {
      AttemptCounts counts = shard.countedIn(PipeStatus.RUNNING);
      if (counts != null) {
        seen += counts.totalProcessed();
        failed += counts.errorCount();
      }
    }
    PipelineException crossed = errorLimit.check(seen, failed, finished);
    if (crossed != null && isActive()) {
      logger.info("Job {} pipe {}: {}", jobId, pipeIndex, crossed.getMessage());
      errorLimitCrossed = true;
      fail(crossed);
    }
  }

  @GuardedBy("lock")
  private long committedErrors() {
    long failed = 0;
    for (ShardEntry shard : shards) {
      if (shard.state == State.COMMITTED && shard.committed != null) {
        failed += shard.committed.counts().errorCount();
      }
    }
    return failed;
  }

  private void end(PipeStatus terminal, @Nullable Throwable cause) {
    synchronized (lock) {
      if (lifecycle.end(terminal, cause)) {
        lock.notifyAll();
      }
    }
  }
}
