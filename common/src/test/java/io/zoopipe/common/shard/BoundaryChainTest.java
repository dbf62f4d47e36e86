package io.zoopipe.common.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain rule itself is tested exhaustively with CSV in {@code CsvShardBoundaryTest}. */
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
    BoundaryChain chain =
        new BoundaryChain(
            StorageFactory.defaults(),
            (range, exact) -> {
              throw new AssertionError("nothing should be read");
            },
            ColumnSet.all(),
            10);

    assertThatThrownBy(() -> chain.read(List.of(new ByteRange(0, 3), new ByteRange(4, 9))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not contiguous");
  }
}
