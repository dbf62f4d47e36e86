package io.zoopipe.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.ErrorLimit;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.shard.BoundaryChain;
import io.zoopipe.manager.attempt.AttemptCounts;
import io.zoopipe.manager.attempt.AttemptResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's error limit over a pipe's shards, driven with made-up counts. */
class ShardLedgerErrorLimitTest {
  private final List<AttemptResult> discarded = new ArrayList<>();

  @Test
  void progressOfRunningShardsTogetherCrossesTheCount() {
    ShardLedger ledger = ledger(new ErrorLimit(10, -1));
    ShardLedger.Lease a = ledger.lease(0, "w");
    ShardLedger.Lease b = ledger.lease(1, "w");

    ledger.progress(a.key(), counts(100, 6));
    assertThat(ledger.isActive()).isTrue();
    ledger.progress(b.key(), counts(50, 5));

    assertThat(ledger.isActive()).isFalse();
    ShardLedger.Snapshot snapshot = ledger.snapshot();
    assertThat(snapshot.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(snapshot.counts().errorCount()).isEqualTo(11);
    assertThat(snapshot.failure())
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_ROW_ERRORS);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "too many row errors: 11 of 150 rows seen failed (limit --max-errors 10)");
            });
    assertThat(ledger.lease(2, "w")).isNull();
  }

  @Test
  void aLeaseCarriesWhatIsLeftOfTheCountAfterCommittedShards() {
    ShardLedger ledger = ledger(new ErrorLimit(10, 0.5));
    ShardLedger.Lease a = ledger.lease(0, "w");
    assertThat(a.errorLimit()).isEqualTo(new ErrorLimit(10, -1));

    ledger.completed(a.key(), result(0, 11, counts(20, 4)));
    ShardLedger.Lease b = ledger.lease(1, "w");

    assertThat(b.errorLimit()).isEqualTo(new ErrorLimit(6, -1));
  }

  @Test
  void theRateIsJudgedOverAllShardsOnceEveryShardFinished() {
    ShardLedger ledger = ledger(new ErrorLimit(-1, 0.25));
    ShardLedger.Lease a = ledger.lease(0, "w");
    ShardLedger.Lease b = ledger.lease(1, "w");
    ShardLedger.Lease c = ledger.lease(2, "w");

    ledger.completed(a.key(), result(0, 11, counts(10, 0)));
    ledger.completed(b.key(), result(11, 21, counts(10, 1)));
    assertThat(ledger.isActive()).isTrue();
    ledger.completed(c.key(), result(21, 30, counts(10, 7)));

    assertThat(ledger.snapshot().status()).isEqualTo(PipeStatus.FAILED);
    assertThat(ledger.snapshot().failure())
        .hasMessage("too many row errors: 8 of 30 rows seen failed (limit --max-error-rate 0.25)");
  }

  private ShardLedger ledger(ErrorLimit limit) {
    ShardLedger ledger =
        new ShardLedger(
            "0badc0de",
            0,
            "in.csv",
            BoundaryChain.cut(30, 10, 20),
            false,
            3,
            ManagerMeters.none(),
            discarded::add,
            limit);
    ledger.begin();
    return ledger;
  }

  private static AttemptCounts counts(long records, long errors) {
    return new AttemptCounts(
        records, records - errors, errors, 0, records * 3, -1, Duration.ZERO, 0, 0);
  }

  private static AttemptResult result(long start, long end, AttemptCounts counts) {
    return new AttemptResult(counts, start, end, null, null, List.of(), List.of(), "w");
  }
}
