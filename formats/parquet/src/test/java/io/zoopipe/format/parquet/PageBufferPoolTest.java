package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PageBufferPoolTest {
  @Test
  void aRequestGetsTheSmallestClassThatHoldsIt() {
    int previous = 0;
    for (int index = 0; index < 60; index++) {
      int capacity = PageBufferPool.classCapacity(index);
      assertThat(capacity).as("class %d", index).isGreaterThan(previous);
      assertThat(PageBufferPool.sizeClass(capacity)).isEqualTo(index);
      assertThat(PageBufferPool.sizeClass(previous + 1)).isEqualTo(index);
      if (index > 0) {
        assertThat(capacity).isLessThanOrEqualTo(previous + previous / 4 + 1024);
      }
      previous = capacity;
    }
    assertThat(PageBufferPool.sizeClass(1)).isZero();
    assertThat(PageBufferPool.classCapacity(0)).isEqualTo(4096);
    assertThat(PageBufferPool.sizeClass(Integer.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void aBufferGivenBackIsHandedOutAgainWithTheLimitAskedFor() {
    PageBufferPool pool = new PageBufferPool(1 << 20);
    ByteBuffer first = pool.allocate(5000);
    assertThat(first.isDirect()).isTrue();
    assertThat(first.position()).isZero();
    assertThat(first.limit()).isEqualTo(5000);
    first.put(new byte[100]);
    pool.release(first);
    assertThat(pool.idleBytes()).isEqualTo(first.capacity());
    ByteBuffer second = pool.allocate(4500);
    assertThat(second).isSameAs(first);
    assertThat(second.position()).isZero();
    assertThat(second.limit()).isEqualTo(4500);
    assertThat(pool.idleBytes()).isZero();
  }

  @Test
  void aBufferGivenBackTwiceOrNotThePoolsIsNotKept() {
    PageBufferPool pool = new PageBufferPool(1 << 20);
    ByteBuffer lent = pool.allocate(8000);
    pool.release(lent);
    pool.release(lent);
    pool.release(ByteBuffer.allocateDirect(lent.capacity()));
    pool.release(ByteBuffer.allocate(lent.capacity()));
    assertThat(pool.idleBytes()).isEqualTo(lent.capacity());
    ByteBuffer a = pool.allocate(8000);
    ByteBuffer b = pool.allocate(8000);
    assertThat(a).isSameAs(lent);
    assertThat(b).isNotSameAs(lent);
  }

  @Test
  void idleBuffersStayUnderTheBound() {
    PageBufferPool pool = new PageBufferPool(10_000);
    ByteBuffer a = pool.allocate(4096);
    ByteBuffer b = pool.allocate(4096);
    ByteBuffer c = pool.allocate(4096);
    pool.release(a);
    pool.release(b);
    pool.release(c);
    assertThat(pool.idleBytes()).isEqualTo(8192);
  }

  @Test
  void aRequestBeyondTheLargestClassIsServedUnpooled() {
    PageBufferPool pool = new PageBufferPool(1 << 20);
    assertThat(PageBufferPool.sizeClass((1 << 30) + 1)).isEqualTo(-1);
    ByteBuffer small = pool.allocate(0);
    assertThat(small.limit()).isZero();
    pool.release(small);
    assertThat(pool.idleBytes()).isEqualTo(4096);
  }
}
