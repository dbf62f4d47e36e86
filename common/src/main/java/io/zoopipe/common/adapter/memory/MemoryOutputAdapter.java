package io.zoopipe.common.adapter.memory;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Collects the records written to it, the objects themselves, in order. Unlike other adapters it
 * holds state: {@link #open} empties it, each written batch is appended at once, {@link
 * OutputSink#finish()} marks it complete and {@link OutputSink#abort()} empties it again. {@link
 * #records()} may be read at any time. Thread-safe. For tests and for programs that embed a pipe;
 * it cannot travel to a worker JVM.
 */
public final class MemoryOutputAdapter implements OutputAdapter {
  private final Object lock = new Object();

  @GuardedBy("lock")
  private final List<Object> records = new ArrayList<>();

  @GuardedBy("lock")
  private boolean complete;

  /** A copy of the records written so far, in order. */
  public List<Object> records() {
    synchronized (lock) {
      return Collections.unmodifiableList(new ArrayList<>(records));
    }
  }

  /** Whether the last sink opened was finished (and not aborted since). */
  public boolean isComplete() {
    synchronized (lock) {
      return complete;
    }
  }

  @Override
  public OutputSink open(StorageFactory storage, OutputContext context) {
    synchronized (lock) {
      records.clear();
      complete = false;
    }
    return new Sink();
  }

  @Override
  public void checkWritable(StorageFactory storage) {}

  @Override
  public Optional<Location> location() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "memory output";
  }

  @Override
  public String toString() {
    return "MemoryOutputAdapter[" + records().size() + " records]";
  }

  /** The records of a batch, copied so that later changes to the caller's list do not matter. */
  private record Batch(List<Object> records) implements EncodedBatch {
    @Override
    public int count() {
      return records.size();
    }
  }

  private final class Sink implements OutputSink {
    private long written;
    private boolean closed;

    @Override
    public EncodedBatch encode(List<?> batch) {
      return new Batch(Collections.unmodifiableList(new ArrayList<Object>(batch)));
    }

    @Override
    public void write(EncodedBatch batch) {
      if (!(batch instanceof Batch memoryBatch)) {
        throw new IllegalArgumentException("not a batch encoded by this sink: " + batch);
      }
      checkOpen();
      synchronized (lock) {
        records.addAll(memoryBatch.records());
      }
      written += memoryBatch.count();
    }

    @Override
    public void finish() {
      checkOpen();
      closed = true;
      synchronized (lock) {
        complete = true;
      }
    }

    @Override
    public void abort() {
      if (closed) {
        return;
      }
      closed = true;
      synchronized (lock) {
        records.clear();
        complete = false;
      }
    }

    @Override
    public long recordsWritten() {
      return written;
    }

    private void checkOpen() {
      if (closed) {
        throw new IllegalStateException("memory output is already finished or aborted");
      }
    }
  }
}
