package io.zoopipe.format.csv;

import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.HeaderedSink;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.report.ErrorRow;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes CSV to an {@link AtomicOutput}, compressed by extension. Batches are encoded on worker
 * threads against the fixed header when it is known, else against the columns of their own first
 * record; the writer fixes the header from the first batch it writes ({@link #fitsHeader}) and has
 * any batch encoded with other columns, or that left keys out, encoded again against it, so the
 * output is the same whichever thread encoded what and a record with a key outside the header is an
 * error record, never a line that lost values. {@link #encode} is thread-safe; the rest is for one
 * writer thread.
 */
final class CsvOutputSink implements HeaderedSink {
  private final Location location;
  private final CsvOptions options;
  private final OutputContext context;
  private final CsvRecordEncoder encoder;
  private final AtomicOutput output;
  private final OutputStream stream;
  // Written by the writer thread once; encoders that see it encode against it directly.
  private volatile @Nullable List<String> header;
  private boolean headerWritten;
  private long written;
  private boolean closed;

  CsvOutputSink(Location location, CsvOptions options, OutputContext context, AtomicOutput output)
      throws IOException {
    this.location = location;
    this.options = options;
    this.context = context;
    this.encoder = new CsvRecordEncoder(options, context.inputColumns());
    this.output = output;
    // Closing the compressor must finish it without closing the output, which commit() closes.
    OutputStream unclosable =
        new FilterOutputStream(output.stream()) {
          @Override
          public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
          }

          @Override
          public void close() throws IOException {
            out.flush();
          }
        };
    this.stream = Compression.fromFileName(location.fileName()).compress(unclosable);
    if (!options.columns().isEmpty()) {
      header = options.columns();
    }
  }

  @Override
  public EncodedBatch encode(List<?> records) {
    if (records.isEmpty()) {
      return new CsvEncodedBatch(new byte[0], List.of(), records, true);
    }
    List<String> known = header;
    if (known != null) {
      // Against the fixed header: a record with a key outside it is rejected, so it becomes an
      // error record rather than a line that lost values.
      return new CsvEncodedBatch(
          encoder.encode(records, known, true).bytes(), known, records, true);
    }
    List<String> columns = encoder.columnsOf(records.get(0));
    CsvRecordEncoder.Lines lines = encoder.encode(records, columns, false);
    return new CsvEncodedBatch(lines.bytes(), columns, records, lines.lossless());
  }

  /**
   * Fixes the header from {@code batch} when it is the first batch with records; true when the
   * batch was encoded against the header and lost no key, else the writer encodes it again.
   */
  @Override
  public boolean fitsHeader(EncodedBatch batch) {
    if (!(batch instanceof CsvEncodedBatch encoded) || encoded.count() == 0) {
      return true;
    }
    if (header == null) {
      header = encoded.columns();
    }
    return encoded.lossless() && encoded.columns().equals(header);
  }

  @Override
  public void write(EncodedBatch batch) throws IOException {
    if (!(batch instanceof CsvEncodedBatch encoded)) {
      throw new IllegalArgumentException(
          "batch was not encoded by a CSV sink: " + batch.getClass().getName());
    }
    if (closed) {
      throw new IllegalStateException("CSV output " + location + " is already finished or aborted");
    }
    if (encoded.count() == 0) {
      return;
    }
    List<String> columns = header;
    if (columns == null) {
      columns = encoded.columns();
      header = columns;
    }
    if (!headerWritten) {
      if (options.header()) {
        stream.write(encoder.header(columns));
      }
      headerWritten = true;
    }
    byte[] bytes =
        encoded.columns().equals(columns) && encoded.lossless()
            ? encoded.bytes()
            : encoder.encode(encoded.records(), columns, true).bytes();
    stream.write(bytes);
    written += encoded.count();
  }

  @Override
  public void finish() throws IOException {
    stage().publishOrDiscard();
  }

  @Override
  public StagedOutput stage() throws IOException {
    if (closed) {
      throw new IllegalStateException("CSV output " + location + " is already finished or aborted");
    }
    if (options.header() && !headerWritten) {
      List<String> header = this.header;
      List<String> columns = header != null ? header : emptyOutputColumns();
      if (!columns.isEmpty()) {
        stream.write(encoder.header(columns));
      }
    }
    closed = true;
    try {
      stream.close();
      return output.stage();
    } catch (IOException | RuntimeException e) {
      output.abort();
      throw e;
    }
  }

  @Override
  public List<String> columns() {
    List<String> known = header;
    return known != null ? known : emptyOutputColumns();
  }

  /**
   * The header of an output with no rows: the schema's record components, or the input's columns.
   */
  private List<String> emptyOutputColumns() {
    Class<?> schema = context.schema();
    if (schema == ErrorRow.class) {
      return ErrorRow.flatColumns(context.inputColumns());
    }
    if (schema != null && schema.isRecord()) {
      return RecordShape.of(schema).names();
    }
    return context.inputColumns();
  }

  @Override
  public void abort() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stream.close(); // releases a compressor's native memory; the bytes are discarded below
    } catch (IOException e) {
      // Aborting: the partial output is deleted whether or not it could be flushed.
    }
    output.abort();
  }

  @Override
  public long recordsWritten() {
    return written;
  }

  /**
   * Encoded lines, the columns they were encoded with, the records (to re-encode), and whether the
   * lines hold every key of every record.
   */
  private record CsvEncodedBatch(
      byte[] bytes, List<String> columns, List<?> records, boolean lossless)
      implements EncodedBatch {
    @Override
    public int count() {
      return records.size();
    }
  }
}
