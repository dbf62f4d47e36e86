package io.zoopipe.common.io.local;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Storage} of {@link Location#STANDARD_STREAMS} ({@code -}): reading opens standard input,
 * writing creates an output on standard output. Streamed: the size is not known ({@code 0}), input
 * is read once from its start, and output goes out as it is written, without a temporary file, so
 * {@link AtomicOutput#abort()} cannot take back what was sent. The streams stay open (the process
 * owns them). One output at a time. Thread-safe.
 */
public final class StandardStreamStorage implements Storage {
  private static final int WRITE_BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final OutputStream out;
  private final AtomicBoolean writing = new AtomicBoolean();

  /** The streams {@code -} reads from and writes to: usually this process's own. */
  public StandardStreamStorage(InputStream in, OutputStream out) {
    this.in = requireNonNull(in, "in is null");
    this.out = requireNonNull(out, "out is null");
  }

  /** Always 0: a stream's length is not known before it ends. */
  @Override
  public long size(Location location) {
    check(location);
    return 0;
  }

  @Override
  public boolean exists(Location location) {
    check(location);
    return true;
  }

  @Override
  public InputStream open(Location location, long start, long endHint) throws IOException {
    check(location);
    if (start != 0) {
      throw new IOException(
          "standard input is a stream: it can only be read from its start, not from byte " + start);
    }
    return new FilterInputStream(in) {
      @Override
      public void close() {
        // Standard input belongs to the process.
      }
    };
  }

  @Override
  public void checkWritable(Location location) {
    check(location);
  }

  @Override
  public AtomicOutput create(Location location) throws IOException {
    check(location);
    if (!writing.compareAndSet(false, true)) {
      throw new IOException("standard output is already being written by another output");
    }
    OutputStream kept =
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
          }

          @Override
          public void close() throws IOException {
            flush(); // standard output belongs to the process
          }
        };
    return new StreamOutput(new BufferedOutputStream(kept, WRITE_BUFFER_BYTES));
  }

  /** Nothing to delete: what went to standard output is gone. */
  @Override
  public void delete(Location location) {
    check(location);
  }

  @Override
  public String toString() {
    return "StandardStreamStorage";
  }

  private static void check(Location location) {
    if (!location.isStandardStream()) {
      throw new IllegalArgumentException(location + " is not the standard streams (-)");
    }
  }

  /** An output straight to the stream; committing flushes it. */
  private final class StreamOutput implements AtomicOutput {
    private final OutputStream stream;
    private boolean done;

    StreamOutput(OutputStream stream) {
      this.stream = stream;
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    @Override
    public void commit() throws IOException {
      if (done) {
        throw new IllegalStateException("standard output was already committed or aborted");
      }
      done = true;
      try {
        stream.flush();
      } finally {
        writing.set(false);
      }
    }

    /** Stops: what is still buffered is dropped, what was sent stays sent. */
    @Override
    public void abort() {
      if (!done) {
        done = true;
        writing.set(false);
      }
    }
  }
}
