package io.zoopipe.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.shard.BoundaryChain;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.manager.attempt.AttemptCounts;
import io.zoopipe.manager.attempt.AttemptFailedException;
import io.zoopipe.manager.attempt.AttemptResult;
import io.zoopipe.manager.attempt.FailureKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's books, driven with made-up attempt results: no files, no workers. */
class ShardLedgerTest {
  private final List<AttemptResult> discarded = new ArrayList<>();

  private ShardLedger ledger(int maxAttempts, long... cuts) {
    ShardLedger ledger =
        new ShardLedger(
            "0badc0de",
            0,
            "in.csv",
            BoundaryChain.cut(30, cuts),
            false,
            maxAttempts,
            ManagerMeters.none(),
            discarded::add);
    ledger.begin();
    return ledger;
  }

  @Test
  void commitsInShardOrderWhateverOrderAttemptsFinishIn() {
    ShardLedger ledger = ledger(3, 10, 20);
    ShardLedger.Lease a = ledger.lease(0, "w");
    ShardLedger.Lease b = ledger.lease(1, "w");
    ShardLedger.Lease c = ledger.lease(2, "w");

    assertThat(ledger.completed(c.key(), result(21, 30, 3))).isEmpty();
    assertThat(ledger.completed(b.key(), result(11, 21, 4))).isEmpty();
    assertThat(ledger.shardsDone()).isZero();
    assertThat(ledger.completed(a.key(), result(0, 11, 5))).isEmpty();

    assertThat(ledger.shardsDone()).isEqualTo(3);
    assertThat(ledger.committed())
        .extracting(AttemptResult::startOffset)
        .containsExactly(0L, 11L, 21L);
    assertThat(ledger.snapshot().counts().totalProcessed()).isEqualTo(12);
    assertThat(ledger.shardReports())
        .extracting(ShardReport::state)
        .containsExactly("COMMITTED", "COMMITTED", "COMMITTED");
    assertThat(discarded).isEmpty();
  }

  @Test
  void aSpeculativeStartThatDisagreesIsQueuedAgainForTheExactRange() {
    ShardLedger ledger = ledger(3, 10, 20);
    ShardLedger.Lease a = ledger.lease(0, "w");
    ShardLedger.Lease b = ledger.lease(1, "w");
    assertThat(b.exactStart()).isFalse();
    AttemptResult guess = result(11, 21, 4);
    ledger.completed(b.key(), guess);

    assertThat(ledger.completed(a.key(), result(0, 13, 5))).containsExactly(1);

    assertThat(discarded).containsExactly(guess);
    ShardLedger.Lease again = ledger.lease(1, "w");
    assertThat(again.range()).isEqualTo(new ByteRange(13, 20));
    assertThat(again.exactStart()).isTrue();
    assertThat(again.key().attempt()).isEqualTo(2);
    ledger.completed(again.key(), result(13, 21, 3));
    assertThat(ledger.shardsDone()).isEqualTo(2);
  }

  @Test
  void anExactStartThatDisagreesFailsThePipe() {
    ShardLedger ledger = ledger(3, 10, 20);
    ShardLedger.Lease a = ledger.lease(0, "w");
    ShardLedger.Lease b = ledger.lease(1, "w");
    ledger.completed(b.key(), result(11, 21, 4));
    ledger.completed(a.key(), result(0, 13, 5));
    ShardLedger.Lease again = ledger.lease(1, "w");

    ledger.completed(again.key(), result(14, 21, 3));

    assertThat(ledger.isActive()).isFalse();
    assertThat(ledger.snapshot().status()).isEqualTo(PipeStatus.FAILED);
    assertThat(ledger.snapshot().failure())
        .hasMessage("shard 1 started at 14 although it was told to start exactly at 13");
  }

  @Test
  void plannedShardsAllStartExactlyAndAStartThatDisagreesFailsThePipe() {
    ShardLedger ledger =
        new ShardLedger(
            "0badc0de",
            0,
            "in.parquet",
            BoundaryChain.cut(30, 10, 20),
            false,
            true,
            3,
            ManagerMeters.none(),
            discarded::add,
            io.zoopipe.common.pipe.ErrorLimit.NONE);
    ledger.begin();
    ShardLedger.Lease a = ledger.lease(0, "w");
    ShardLedger.Lease b = ledger.lease(1, "w");
    ShardLedger.Lease c = ledger.lease(2, "w");
    assertThat(List.of(a, b, c)).allMatch(ShardLedger.Lease::exactStart);
    ledger.completed(a.key(), result(0, 10, 5));
    ledger.completed(c.key(), result(20, 30, 5));

    ledger.completed(b.key(), result(11, 20, 4));

    // A speculative shard would be queued again; a planned one has no guess to repair.
    assertThat(ledger.snapshot().status()).isEqualTo(PipeStatus.FAILED);
    assertThat(ledger.snapshot().failure())
        .hasMessage("shard 1 started at 11 although it was told to start exactly at 10");
  }

  @Test
  void aShardThePreviousLastRecordCoveredIsEmptyAndItsPartsAreDeleted() {
    ShardLedger ledger = ledger(3, 10, 20);
    ShardLedger.Lease a = ledger.lease(0, "w");
    ShardLedger.Lease b = ledger.lease(1, "w");
    ShardLedger.Lease c = ledger.lease(2, "w");
    AttemptResult nothing = result(15, 25, 1);
    ledger.completed(b.key(), nothing);
    ledger.completed(c.key(), result(25, 30, 2));

    ledger.completed(a.key(), result(0, 25, 5));

    assertThat(ledger.shardsDone()).isEqualTo(3);
    assertThat(ledger.shardReports())
        .extracting(ShardReport::state)
        .containsExactly("COMMITTED", "EMPTY", "COMMITTED");
    assertThat(ledger.committed()).hasSize(2);
    assertThat(discarded).containsExactly(nothing);
  }

  @Test
  void retryableFailuresAreRetriedUntilTheLimitThenThePipeFails() throws Exception {
    ShardLedger ledger = ledger(2, 10);
    ShardLedger.Lease first = ledger.lease(1, "w");
    assertThat(ledger.failed(first.key(), transientFailure(), "w")).containsExactly(1);
    ShardLedger.Lease second = ledger.lease(1, "w");
    assertThat(second.key().attempt()).isEqualTo(2);

    assertThat(ledger.failed(second.key(), transientFailure(), "w")).isEmpty();

    assertThat(ledger.isActive()).isFalse();
    assertThat(ledger.awaitShards(Duration.ofSeconds(1))).isFalse();
    assertThat(ledger.snapshot().failure())
        .hasMessage("shard 1 of in.csv: the stream broke (2 failed attempts)");
    assertThat(((PipelineException) ledger.snapshot().failure()).kind())
        .isEqualTo(ErrorKind.STORAGE);
    assertThat(ledger.lease(0, "w")).as("an ended pipe starts nothing").isNull();
  }

  @Test
  void anAttemptThatIsNoLongerCurrentIsDiscarded() {
    ShardLedger ledger = ledger(3, 10);
    ShardLedger.Lease first = ledger.lease(0, "w");
    ledger.failed(first.key(), transientFailure(), "w");
    ShardLedger.Lease second = ledger.lease(0, "w");
    AttemptResult late = result(0, 11, 5);

    assertThat(ledger.completed(first.key(), late)).isEmpty();
    ledger.progress(first.key(), counts(99));

    assertThat(discarded).containsExactly(late);
    assertThat(ledger.shardsDone()).isZero();
    assertThat(ledger.snapshot().counts().totalProcessed()).isZero();
    ledger.progress(second.key(), counts(2));
    assertThat(ledger.snapshot().counts().totalProcessed()).isEqualTo(2);
  }

  @Test
  void aCancelledPipeDiscardsWhatFinishesAfterAndCountsOnlyCommittedShards() {
    ShardLedger ledger = ledger(3, 10);
    ShardLedger.Lease a = ledger.lease(0, "w");
    ShardLedger.Lease b = ledger.lease(1, "w");
    ledger.completed(a.key(), result(0, 11, 5));
    ledger.progress(b.key(), counts(3));

    ledger.cancel();
    AttemptResult late = result(11, 30, 4);
    ledger.completed(b.key(), late);

    assertThat(ledger.snapshot().status()).isEqualTo(PipeStatus.ABORTED);
    assertThat(ledger.snapshot().counts().totalProcessed()).isEqualTo(5);
    assertThat(discarded).containsExactly(late);
    assertThat(ledger.lease(1, "w")).isNull();
  }

  private static AttemptFailedException transientFailure() {
    return FakeShardWorker.failure(FailureKind.TRANSIENT, "the stream broke");
  }

  private static AttemptCounts counts(long records) {
    return new AttemptCounts(records, records, 0, 0, records * 3, -1, Duration.ZERO, 0, 0);
  }

  private static AttemptResult result(long start, long end, long records) {
    return new AttemptResult(counts(records), start, end, null, null, List.of(), List.of(), "w");
  }
}
