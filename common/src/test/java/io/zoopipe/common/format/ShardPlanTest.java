package io.zoopipe.common.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.shard.ByteRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPlanTest {
  private static final ShardInputs NONE =
      index -> {
        throw new AssertionError("not read");
      };

  @Test
  void rangesMustBeContiguousFromZero() {
    assertThat(new ShardPlan(List.of(new ByteRange(0, 4), new ByteRange(4, 9)), NONE, "").ranges())
        .hasSize(2);
    assertThatThrownBy(() -> new ShardPlan(List.of(new ByteRange(1, 4)), NONE, ""))
        .hasMessageContaining("contiguous from 0");
    assertThatThrownBy(
            () -> new ShardPlan(List.of(new ByteRange(0, 4), new ByteRange(5, 9)), NONE, ""))
        .hasMessageContaining("contiguous from 0");
    assertThatThrownBy(() -> new ShardPlan(List.of(), NONE, ""))
        .hasMessageContaining("at least one");
  }

  @Test
  void numberedRangesNameShardsWithoutByteOffsets() {
    assertThat(ShardPlan.numbered(3))
        .containsExactly(new ByteRange(0, 1), new ByteRange(1, 2), new ByteRange(2, 3));
    assertThatThrownBy(() -> ShardPlan.numbered(0)).hasMessageContaining("count");
  }
}
