package io.zoopipe.format.parquet;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Opens parquet-java writers the one way every Parquet file ZooPipe writes is written (outputs and
 * error parts alike, so that parts assemble): without Hadoop's configuration, with ZooPipe's codecs
 * and the options' compression, row group and page size, dictionary and its bound. Stateless.
 */
final class ParquetWriters {
  private ParquetWriters() {}

  /** The writer's name in every footer ({@code writer.model.name}). */
  static final String MODEL_NAME = "zoopipe";

  /**
   * A writer of prepared rows of {@code schema} to {@code file}: a flat schema's columns encoded in
   * up to {@code slices} slices side by side ({@link ColumnSlicedWriter}), any other through
   * parquet-java's writer and {@link RowWriteSupport}.
   */
  static ParquetRowWriter openRows(
      OutputFile file, MessageType schema, ParquetWriteOptions options, int slices)
      throws IOException {
    if (ColumnSlicedWriter.accepts(schema)) {
      return new ColumnSlicedWriter(file, schema, options, properties(options), slices);
    }
    ParquetWriter<Object[]> writer = open(file, options, () -> new RowWriteSupport(schema));
    return new ParquetRowWriter() {
      @Override
      public void write(List<Object[]> rows) throws IOException {
        for (Object[] row : rows) {
          writer.write(row);
        }
      }

      @Override
      public void writeUtf8(byte[] bytes, int[] bounds, int count) {
        throw new UnsupportedOperationException("a schema with groups takes prepared rows only");
      }

      @Override
      public void close() throws IOException {
        writer.close();
      }
    };
  }

  /**
   * The encoding properties {@link #open} gives parquet-java's writer, for writers that drive its
   * column stores themselves: they must agree so that every file ZooPipe writes is written alike.
   */
  static ParquetProperties properties(ParquetWriteOptions options) {
    return ParquetProperties.builder()
        .withPageSize(options.pageBytes())
        .withDictionaryEncoding(options.dictionary())
        .withDictionaryPageSize(ParquetOutputSink.DICTIONARY_PAGE_BYTES)
        .withAllocator(PageBufferPool.SHARED)
        .build();
  }

  /** A writer of records through {@code support} to {@code file}. */
  static <T> ParquetWriter<T> open(
      OutputFile file, ParquetWriteOptions options, Supplier<WriteSupport<T>> support)
      throws IOException {
    return new Builder<>(file, support)
        .withConf(new PlainParquetConfiguration())
        .withCodecFactory(ParquetCodecs.INSTANCE)
        .withCompressionCodec(options.compression())
        .withRowGroupSize(options.rowGroupBytes())
        .withPageSize(options.pageBytes())
        .withDictionaryEncoding(options.dictionary())
        .withDictionaryPageSize(ParquetOutputSink.DICTIONARY_PAGE_BYTES)
        .withAllocator(PageBufferPool.SHARED)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build();
  }

  /**
   * The part of a write support that every ZooPipe writer shares: one fixed schema, no extra footer
   * metadata, and the writer's name in the footer ({@code zoopipe}), which must agree between parts
   * that are assembled into one file.
   *
   * @param <T> the records written
   */
  abstract static class SchemaWriteSupport<T> extends WriteSupport<T> {
    final MessageType schema;

    SchemaWriteSupport(MessageType schema) {
      this.schema = schema;
    }

    @Override
    @Deprecated
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public String getName() {
      return MODEL_NAME;
    }
  }

  /** parquet-java's writer builder over our output file and a write support. */
  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
    private final Supplier<WriteSupport<T>> support;

    Builder(OutputFile file, Supplier<WriteSupport<T>> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(ParquetConfiguration configuration) {
      return support.get();
    }

    @Override
    @Deprecated
    protected WriteSupport<T> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
      return support.get();
    }
  }
}
