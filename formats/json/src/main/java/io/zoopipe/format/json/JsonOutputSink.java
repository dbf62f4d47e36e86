package io.zoopipe.format.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import io.zoopipe.common.adapter.CompactJsonSink;
import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.JsonLayout;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedOutput;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Writes one JSON output (see {@link JsonOutputAdapter} for its exact shape). {@link #encode}
 * serialises a whole batch with one Jackson call on the calling worker thread: compact records as
 * consecutive root values with the output's own separators written raw (no pretty printer, so
 * Jackson's fast paths apply); indented ones as an indented array whose brackets are then cut off.
 * {@link #write} only copies bytes. {@code encode} is thread-safe; the rest is called by one writer
 * thread.
 */
final class JsonOutputSink implements CompactJsonSink {
  private static final byte[] ARRAY_OPEN = bytes(JsonOutputAdapter.ARRAY_OPEN_TEXT);
  private static final String SEPARATOR_TEXT = JsonOutputAdapter.SEPARATOR_TEXT;
  private static final byte[] SEPARATOR = bytes(SEPARATOR_TEXT);
  private static final byte[] ARRAY_CLOSE = bytes(JsonOutputAdapter.ARRAY_CLOSE_TEXT);
  private static final byte[] EMPTY_ARRAY = bytes(JsonOutputAdapter.EMPTY_ARRAY_TEXT);
  private static final JsonLayout LINES_LAYOUT = new JsonLayout(new byte[0], new byte[] {'\n'});
  private static final JsonLayout ARRAY_LAYOUT = new JsonLayout(SEPARATOR, new byte[0]);

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

  /** The most buffers kept for reuse: about the batches in flight. */
  private static final int MAX_SPARE = 8;

  private final Location location;
  private final AtomicOutput output;
  private final OutputStream out;
  private final boolean array;
  private final boolean indent;
  private final boolean envelope;
  private long recordsWritten;
  // Bytes per record of the last encoded batch, to size the next batch's buffer (a hint only).
  private volatile int bytesPerRecord = 128;
  // Buffers of batches written, for the next batches to encode into: a batch's buffer (megabytes
  // for a few thousand records) lives from its encoding until the writer has written it, long
  // enough to be promoted, and a new one per batch filled the old generation with dead buffers.
  private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(MAX_SPARE);
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
  }

  @Override
  public EncodedBatch encode(List<?> records) throws IOException {
    if (records.isEmpty()) {
      return new JsonBatch(new byte[0], 0, 0, 0, false);
    }
    int perRecord = bytesPerRecord;
    int estimate = (int) Math.min(1 << 30, (long) records.size() * (perRecord + perRecord / 8));
    byte[] reused = spare.poll();
    BatchBuffer buffer =
        new BatchBuffer(reused != null && reused.length >= estimate ? reused : new byte[estimate]);
    try {
      if (indent) {
        INDENTED_ARRAY_WRITER.writeValue(buffer, records.toArray());
      } else {
        // Compact records need no pretty printer: Jackson's plain generator is much faster.
        try (JsonGenerator generator = JsonValues.MAPPER.createGenerator(buffer)) {
          generator.setRootValueSeparator(null);
          JsonValues.MAPPER.writeValue(generator, new Records(records, array));
        }
      }
    } catch (IOException e) {
      throw new IOException(
          "cannot write a record of the batch to " + location + " as JSON: " + e.getMessage(), e);
    }
    byte[] bytes = buffer.array();
    int length = buffer.size();
    bytesPerRecord = Math.max(16, length / records.size());
    if (!indent) {
      return new JsonBatch(bytes, 0, length, records.size(), true);
    }
    // Cut "[\n" and "\n]".
    return new JsonBatch(bytes, 2, length - 4, records.size(), true);
  }

  @Override
  public @Nullable JsonLayout jsonLayout() {
    return indent ? null : array ? ARRAY_LAYOUT : LINES_LAYOUT;
  }

  @Override
  public EncodedBatch encodeJson(byte[] bytes, int length, int count) {
    if (indent) {
      throw new UnsupportedOperationException("indented JSON output takes no compact JSON bytes");
    }
    return new JsonBatch(bytes, 0, length, count, false);
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
    if (json.ours()) {
      spare.offer(json.bytes()); // dropped when MAX_SPARE are kept already
    }
  }

  @Override
  public void finish() throws IOException {
    stage().publishOrDiscard();
  }

  @Override
  public StagedOutput stage() throws IOException {
    checkOpen();
    if (array && envelope) {
      out.write(recordsWritten == 0 ? EMPTY_ARRAY : ARRAY_CLOSE);
    }
    out.close();
    closed = true;
    return output.stage();
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

  /**
   * The bytes of {@code count} encoded records: {@code bytes[offset, offset + length)}, in a buffer
   * this sink made when {@code ours} (then reused once the batch is written: a batch is written
   * once, and nothing reads it after).
   */
  private record JsonBatch(byte[] bytes, int offset, int length, int count, boolean ours)
      implements EncodedBatch {}

  /** A byte array stream that hands over its buffer instead of copying it. */
  private static final class BatchBuffer extends ByteArrayOutputStream {
    /** A stream writing into {@code initial} first (it grows into a new array when full). */
    BatchBuffer(byte[] initial) {
      super(0);
      buf = initial;
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
   * A batch of records written as consecutive root values: each followed by a line break (JSON
   * Lines), or separated by {@code ",\n"} (array). The generator must have no root separator.
   */
  private static final class Records extends JsonSerializable.Base {
    private final List<?> records;
    private final boolean array;

    Records(List<?> records, boolean array) {
      this.records = records;
      this.array = array;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
      // This generator writes compact UTF-8 with JsonValues' settings: CSV rows may write
      // themselves from their bytes (the key is CompactJsonSink.PLAIN_UTF8_ATTRIBUTE).
      provider.setAttribute(PLAIN_UTF8_ATTRIBUTE, true);
      boolean first = true;
      for (Object record : records) {
        if (array) {
          if (!first) {
            generator.writeRaw(SEPARATOR_TEXT);
          }
          first = false;
          provider.defaultSerializeValue(record, generator);
        } else {
          provider.defaultSerializeValue(record, generator);
          generator.writeRaw('\n');
        }
      }
    }

    @Override
    public void serializeWithType(
        JsonGenerator generator, SerializerProvider provider, TypeSerializer typeSerializer)
        throws IOException {
      serialize(generator, provider);
    }
  }
}
