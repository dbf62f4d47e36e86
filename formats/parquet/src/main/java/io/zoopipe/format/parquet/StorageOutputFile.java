package io.zoopipe.format.parquet;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.AtomicOutput;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over the stream of one {@link AtomicOutput}: Parquet writes it from
 * the start, counting positions; the output is committed or staged by its owner, not by closing the
 * stream. One stream per file; not thread-safe.
 */
final class StorageOutputFile implements OutputFile {
  private final AtomicOutput output;
  private final String name;
  private boolean created;

  StorageOutputFile(AtomicOutput output, String name) {
    this.output = requireNonNull(output, "output is null");
    this.name = requireNonNull(name, "name is null");
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    if (created) {
      throw new IllegalStateException(name + " is already being written");
    }
    created = true;
    return new Counting(output.stream());
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return name;
  }

  /** Counts positions; closing it only flushes, since the atomic output owns the stream. */
  private static final class Counting extends PositionOutputStream {
    private final OutputStream out;
    private long position;

    Counting(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      position += length;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
