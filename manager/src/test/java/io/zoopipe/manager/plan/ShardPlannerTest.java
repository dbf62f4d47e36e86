package io.zoopipe.manager.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.shard.ByteRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {
  @Test
  void rangesAreContiguousAndCoverTheFile() {
    for (long size = 1; size < 200; size++) {
      for (int shards = 1; shards <= 70; shards += 3) {
        List<ByteRange> ranges = new ShardPlanner(1).plan(size, shards);

        assertThat(ranges.get(0).start()).isZero();
        assertThat(ranges.get(ranges.size() - 1).end()).isEqualTo(size);
        for (int i = 1; i < ranges.size(); i++) {
          assertThat(ranges.get(i).start()).isEqualTo(ranges.get(i - 1).end());
        }
        assertThat(ranges).hasSizeLessThanOrEqualTo(shards).allMatch(r -> r.length() > 0);
      }
    }
  }

  @Test
  void neverCutsShardsSmallerThanTheMinimum() {
    assertThat(new ShardPlanner(1 << 20).plan(3 << 20, 16)).hasSize(3);
    assertThat(new ShardPlanner(1 << 20).plan(1000, 16)).containsExactly(new ByteRange(0, 1000));
  }

  @Test
  void anEmptyFileIsOneEmptyShard() {
    assertThat(new ShardPlanner(1).plan(0, 8)).containsExactly(new ByteRange(0, 0));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new ShardPlanner(0)).hasMessageContaining("minShardBytes");
    assertThatThrownBy(() -> new ShardPlanner(1).plan(10, 0)).hasMessageContaining("shards");
  }
}
