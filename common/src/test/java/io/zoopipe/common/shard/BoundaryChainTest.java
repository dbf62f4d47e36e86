package io.zoopipe.common.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.shard.BoundaryChain.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chain rule's verdicts; the rule is also tested exhaustively with CSV, through {@link
 * BoundaryChainReader}, in {@code CsvShardBoundaryTest}.
 */
class BoundaryChainTest {
  @Test
  void cutsContiguousRangesCoveringTheInput() {
    assertThat(BoundaryChain.cut(10, 3, 7))
        .containsExactly(new ByteRange(0, 3), new ByteRange(3, 7), new ByteRange(7, 10));
    assertThat(BoundaryChain.cut(10)).containsExactly(new ByteRange(0, 10));
  }

  @Test
  void refusesCutPointsOutsideTheInputOrOutOfOrder() {
    assertThatThrownBy(() -> BoundaryChain.cut(10, 5, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 5 after 5");
    assertThatThrownBy(() -> BoundaryChain.cut(10, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesRangesThatAreNotContiguousFromZero() {
    BoundaryChainReader reader =
        new BoundaryChainReader(
            StorageFactory.defaults(),
            (range, exact) -> {
              throw new AssertionError("nothing should be read");
            },
            ColumnSet.all(),
            10);

    assertThatThrownBy(() -> reader.read(List.of(new ByteRange(0, 3), new ByteRange(4, 9))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not contiguous");
    assertThatThrownBy(() -> new BoundaryChain(List.of(new ByteRange(1, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not contiguous");
  }

  @Test
  void commitsTheFirstShardAsItIsAndEachNextOneThatStartsWhereTheChainEnds() {
    BoundaryChain chain = new BoundaryChain(BoundaryChain.cut(30, 10, 20));

    assertThat(chain.judge(3, 12, true)).isEqualTo(Verdict.COMMIT);
    assertThat(chain.end()).isEqualTo(12);
    assertThat(chain.judge(12, 25, false)).isEqualTo(Verdict.COMMIT);
    assertThat(chain.next()).isEqualTo(2);
    assertThat(chain.judge(25, 30, false)).isEqualTo(Verdict.COMMIT);
    assertThat(chain.isComplete()).isTrue();
    assertThat(chain.end()).isEqualTo(30);
    assertThatThrownBy(() -> chain.judge(30, 30, false)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aGuessThatDisagreesIsReadAgainFromTheExactOffset() {
    BoundaryChain chain = new BoundaryChain(BoundaryChain.cut(30, 10, 20));
    chain.judge(0, 14, true);

    assertThat(chain.judge(11, 22, false)).isEqualTo(Verdict.RERUN);
    assertThat(chain.next()).isEqualTo(1);
    assertThat(chain.rerunRange()).isEqualTo(new ByteRange(14, 20));
    assertThat(chain.judge(14, 22, true)).isEqualTo(Verdict.COMMIT);
    assertThat(chain.end()).isEqualTo(22);
  }

  @Test
  void anExactStartThatDisagreesIsBroken() {
    BoundaryChain chain = new BoundaryChain(BoundaryChain.cut(30, 10, 20));
    chain.judge(0, 14, true);

    assertThat(chain.judge(15, 22, true)).isEqualTo(Verdict.BROKEN);
    assertThat(chain.next()).isEqualTo(1);
  }

  @Test
  void aShardWhoseRangeThePreviousLastRecordCoveredOwnsNoRecords() {
    BoundaryChain chain = new BoundaryChain(BoundaryChain.cut(30, 10, 20));
    chain.judge(0, 24, true);

    assertThat(chain.judge(21, 26, false)).isEqualTo(Verdict.EMPTY);
    assertThat(chain.end()).as("the chain still ends at shard 0's end").isEqualTo(24);
    assertThat(chain.judge(24, 30, false)).isEqualTo(Verdict.COMMIT);
    assertThat(chain.isComplete()).isTrue();
  }
}
