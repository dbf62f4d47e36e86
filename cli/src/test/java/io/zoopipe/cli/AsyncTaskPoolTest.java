package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the launcher gives {@code CompletableFuture}'s async steps a pool of their own. */
class AsyncTaskPoolTest {
  @Test
  void oneOrTwoProcessorsGetAPoolOfTwo() {
    assertThat(AsyncTaskPool.parallelismFor(1, null)).isEqualTo("2");
    assertThat(AsyncTaskPool.parallelismFor(2, null)).isEqualTo("2");
  }

  @Test
  void largerMachinesAndTheUsersOwnSettingAreLeftAlone() {
    assertThat(AsyncTaskPool.parallelismFor(3, null)).isNull();
    assertThat(AsyncTaskPool.parallelismFor(16, null)).isNull();
    assertThat(AsyncTaskPool.parallelismFor(2, "1")).isNull();
  }
}
