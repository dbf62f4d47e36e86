package io.zoopipe.format.parquet;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * The buffers parquet-java's writers hold a row group in (the values of the pages being filled, the
 * compressed pages of each column chunk), and those its readers read a row group's column chunks
 * into, kept off the Java heap and reused.
 *
 * <p>Why: a writer holds its whole row group in memory until the row group is flushed, tens of
 * megabytes alive for seconds. On the heap, every young collection copied the part of it made since
 * the last one, and the old generation filled with row groups that then died, so that
 * CSV&nbsp;→&nbsp;Parquet of the 28-column users data spent a third of its wall time in garbage
 * collection pauses (183 young and 21 full collections for 1M rows with a 256&nbsp;MB heap). Off
 * the heap, the collector never sees them; reused, they are allocated once and the process's memory
 * stays at about one row group of buffers (see docs/benchmarks.md).
 *
 * <p>Buffers come in size classes, four per power of two (a request gets at most a quarter more
 * than it asked for), each class a free list. A buffer given back is kept for the next request of
 * its class while the idle buffers stay under a bound; beyond it, it is dropped for the collector.
 * One pool serves every writer and reader in the process: a worker writing one shard after another
 * reuses the previous shard's buffers. Thread-safe.
 */
final class PageBufferPool implements ByteBufferAllocator {
  /** The process's pool. */
  static final PageBufferPool SHARED = new PageBufferPool(128L << 20);

  private static final int MIN_SHIFT = 12;
  private static final int MAX_SHIFT = 30;
  private static final int STEPS = 4;

  private final long maxIdleBytes;
  private final List<ArrayDeque<ByteBuffer>> free;
  // The buffers handed out and not given back: only those are taken back, once each, so that a
  // buffer released twice or one the pool did not make can never be handed out while in use.
  private final Set<ByteBuffer> lent = Collections.newSetFromMap(new IdentityHashMap<>());
  private long idleBytes;

  PageBufferPool(long maxIdleBytes) {
    this.maxIdleBytes = maxIdleBytes;
    int classes = 1 + (MAX_SHIFT - MIN_SHIFT) * STEPS;
    this.free = new ArrayList<>(classes);
    for (int i = 0; i < classes; i++) {
      free.add(new ArrayDeque<>());
    }
  }

  /** The index of the smallest class holding {@code size} bytes; -1 above the largest. */
  static int sizeClass(int size) {
    if (size <= 1 << MIN_SHIFT) {
      return 0;
    }
    int shift = 32 - Integer.numberOfLeadingZeros(size - 1); // 2^(shift-1) < size <= 2^shift
    if (shift > MAX_SHIFT) {
      return -1;
    }
    int base = 1 << (shift - 1);
    int step = base / STEPS;
    int within = (size - base + step - 1) / step; // 1..STEPS
    return 1 + (shift - 1 - MIN_SHIFT) * STEPS + within - 1;
  }

  /** The capacity of the buffers of class {@code index}. */
  static int classCapacity(int index) {
    if (index == 0) {
      return 1 << MIN_SHIFT;
    }
    int group = (index - 1) / STEPS;
    int within = (index - 1) % STEPS + 1;
    int base = 1 << (MIN_SHIFT + group);
    return base + within * (base / STEPS);
  }

  @Override
  public ByteBuffer allocate(int size) {
    int index = sizeClass(size);
    if (index < 0) {
      return ByteBuffer.allocateDirect(size);
    }
    ByteBuffer buffer;
    synchronized (this) {
      buffer = free.get(index).pollFirst();
      if (buffer != null) {
        idleBytes -= buffer.capacity();
      } else {
        buffer = ByteBuffer.allocateDirect(classCapacity(index));
      }
      lent.add(buffer);
    }
    buffer.clear().limit(size);
    return buffer;
  }

  @Override
  public void release(ByteBuffer buffer) {
    synchronized (this) {
      if (!lent.remove(buffer)) {
        return; // not one of ours, or given back already: left to the collector
      }
      if (idleBytes + buffer.capacity() <= maxIdleBytes) {
        int index = sizeClass(buffer.capacity());
        free.get(index).addFirst(buffer);
        idleBytes += buffer.capacity();
      }
    }
  }

  @Override
  public boolean isDirect() {
    return true;
  }

  /** How many buffers are out: handed out and not given back. */
  synchronized int lentCount() {
    return lent.size();
  }

  /** The bytes of the buffers waiting in the pool. */
  synchronized long idleBytes() {
    return idleBytes;
  }
}
