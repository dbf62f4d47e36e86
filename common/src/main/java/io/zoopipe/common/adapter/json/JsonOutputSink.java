package io.zoopipe.common.adapter.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes one JSON output (see {@link JsonOutputAdapter} for its exact shape). {@link #encode}
 * serialises a whole batch with one Jackson call on the calling worker thread: the batch is written
 * as an array whose top-level separators are the output's own ({@code "\n"} or {@code ",\n"}), and
 * its brackets are then cut off. {@link #write} only copies bytes. {@code encode} is thread-safe;
 * the rest is called by one writer thread.
 */
final class JsonOutputSink implements OutputSink {
  private static final byte[] ARRAY_OPEN = bytes(JsonOutputAdapter.ARRAY_OPEN_TEXT);
  private static final byte[] SEPARATOR = bytes(JsonOutputAdapter.SEPARATOR_TEXT);
  private static final byte[] ARRAY_CLOSE = bytes(JsonOutputAdapter.ARRAY_CLOSE_TEXT);
  private static final byte[] EMPTY_ARRAY = bytes(JsonOutputAdapter.EMPTY_ARRAY_TEXT);

  private static final ObjectWriter JSON_LINES_WRITER =
      JsonValues.MAPPER.writer().with(new TopLevelSeparator("\n"));
  private static final ObjectWriter ARRAY_WRITER =
      JsonValues.MAPPER.writer().with(new TopLevelSeparator(",\n"));
  private static final ObjectWriter INDENTED_ARRAY_WRITER =
      JsonValues.MAPPER
          .writer()
          .with(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private final Location location;
  private final AtomicOutput output;
  private final OutputStream out;
  private final ObjectWriter writer;
  private final boolean array;
  private final boolean indent;
  private final boolean envelope;
  private long recordsWritten;
  private boolean closed;

  JsonOutputSink(
      Location location,
      AtomicOutput output,
      Compression compression,
      JsonFormat format,
      boolean indent,
      boolean envelope)
      throws IOException {
    this.location = location;
    this.output = output;
    // Closing the compressor writes its trailer; the atomic output's stream stays open for commit.
    this.out = compression.compress(new UnclosableOutputStream(output.stream()));
    this.array = format == JsonFormat.ARRAY;
    this.indent = indent;
    this.envelope = envelope;
    this.writer = !array ? JSON_LINES_WRITER : indent ? INDENTED_ARRAY_WRITER : ARRAY_WRITER;
  }

  @Override
  public EncodedBatch encode(List<?> records) throws IOException {
    if (records.isEmpty()) {
      return new JsonBatch(new byte[0], 0, 0, 0);
    }
    BatchBuffer buffer = new BatchBuffer(records.size() * 128);
    try {
      writer.writeValue(buffer, records.toArray());
    } catch (IOException e) {
      throw new IOException(
          "cannot write a record of the batch to " + location + " as JSON: " + e.getMessage(), e);
    }
    byte[] bytes = buffer.array();
    int length = buffer.size();
    // Cut "[" and "]" (indented: "[\n" and "\n]"); JSON Lines end each record with a line break.
    if (!array) {
      bytes[length - 1] = '\n';
      return new JsonBatch(bytes, 1, length - 1, records.size());
    }
    int bracket = indent ? 2 : 1;
    return new JsonBatch(bytes, bracket, length - 2 * bracket, records.size());
  }

  @Override
  public void write(EncodedBatch batch) throws IOException {
    if (!(batch instanceof JsonBatch json)) {
      throw new IllegalArgumentException("not a batch encoded by this sink: " + batch);
    }
    checkOpen();
    if (json.count() == 0) {
      return;
    }
    if (array) {
      if (recordsWritten > 0) {
        out.write(SEPARATOR);
      } else if (envelope) {
        out.write(ARRAY_OPEN);
      }
    }
    out.write(json.bytes(), json.offset(), json.length());
    recordsWritten += json.count();
  }

  @Override
  public void finish() throws IOException {
    checkOpen();
    if (array && envelope) {
      out.write(recordsWritten == 0 ? EMPTY_ARRAY : ARRAY_CLOSE);
    }
    out.close();
    closed = true;
    output.commit();
  }

  @Override
  public void abort() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      // The output is being discarded: a failure to flush it does not matter.
    }
    output.abort();
  }

  @Override
  public long recordsWritten() {
    return recordsWritten;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("output " + location + " is already finished or aborted");
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes of {@code count} encoded records: {@code bytes[offset, offset + length)}. */
  private record JsonBatch(byte[] bytes, int offset, int length, int count)
      implements EncodedBatch {}

  /** A byte array stream that hands over its buffer instead of copying it. */
  private static final class BatchBuffer extends ByteArrayOutputStream {
    BatchBuffer(int size) {
      super(size);
    }

    byte[] array() {
      return buf;
    }
  }

  /** Keeps the atomic output's stream open when the compressor on top of it is closed. */
  private static final class UnclosableOutputStream extends FilterOutputStream {
    UnclosableOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /**
   * Compact JSON with {@code separator} between the elements of the top-level array only.
   * Stateless, so one instance serves every generator.
   */
  private static final class TopLevelSeparator extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    private final String separator;

    TopLevelSeparator(String separator) {
      this.separator = separator;
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
      JsonStreamContext parent = generator.getOutputContext().getParent();
      if (parent != null && parent.inRoot()) {
        generator.writeRaw(separator);
      } else {
        generator.writeRaw(',');
      }
    }
  }
}
