package io.zoopipe.endtoend.lines;

import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.Envelope;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.PartedOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes each record's {@value LinesFormat#COLUMN} (a record without one: its text) as a line of a
 * local file, visible once finished. Parts are plain lines and concatenate as they are. An
 * immutable value; thread-safe.
 */
final class LinesOutput implements PartedOutput {
  private final Path path;

  LinesOutput(Path path) {
    this.path = path;
  }

  Location where() {
    return Location.of(path);
  }

  @Override
  public OutputSink open(StorageFactory storage, OutputContext context) throws IOException {
    // A test format: it writes local files only, through java.nio, whatever the storage.
    Path temporary = path.resolveSibling(path.getFileName() + ".writing");
    return new Sink(path, temporary, Files.newOutputStream(temporary));
  }

  @Override
  public void checkWritable(StorageFactory storage) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IOException("no directory to write " + path + " in");
    }
  }

  @Override
  public OutputAdapter asPart() {
    return this;
  }

  @Override
  public Envelope envelope(List<String> columns) {
    return Envelope.NONE;
  }

  @Override
  public Optional<Location> location() {
    return Optional.of(Location.of(path));
  }

  @Override
  public String describe() {
    return "lines " + path;
  }

  /** Writes to a temporary file beside the destination and renames it on finish. */
  private static final class Sink implements OutputSink {
    private final Path path;
    private final Path temporary;
    private final OutputStream out;
    private long written;
    private boolean closed;

    Sink(Path path, Path temporary, OutputStream out) {
      this.path = path;
      this.temporary = temporary;
      this.out = out;
    }

    @Override
    public EncodedBatch encode(List<?> records) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (Object record : records) {
        Object line = record instanceof Map<?, ?> map ? map.get(LinesFormat.COLUMN) : record;
        bytes.writeBytes(String.valueOf(line).getBytes(StandardCharsets.UTF_8));
        bytes.write('\n');
      }
      return new Lines(bytes.toByteArray(), records.size());
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
      Lines lines = (Lines) batch;
      out.write(lines.bytes());
      written += lines.count();
    }

    @Override
    public void finish() throws IOException {
      closed = true;
      out.close();
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void abort() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.close();
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        // Aborting: a temporary file that cannot be removed is left behind, the destination is not.
      }
    }

    @Override
    public long recordsWritten() {
      return written;
    }
  }

  /** Encoded lines. */
  private record Lines(byte[] bytes, int count) implements EncodedBatch {}
}
