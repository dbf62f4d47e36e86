package org.apache.parquet;

import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options built without parquet-java's {@code ParquetReadOptions.Builder}, whose constructor
 * always creates Hadoop's codec factory (and so needs Hadoop's classes at run time). It lives in
 * parquet's package only to reach the options' package-private constructor; ZooPipe's Parquet
 * format passes its own codecs. Stateless; thread-safe.
 */
public final class HadoopFreeReadOptions {
  /** parquet-java's default limit on one allocation: 8 MiB. */
  private static final int MAX_ALLOCATION_BYTES = 8 << 20;

  private HadoopFreeReadOptions() {}

  /**
   * Options that read every row (no statistics, dictionary, column index, bloom or record filter),
   * verify no page checksums, decompress with {@code codecs}, and read a row group's column chunks
   * into buffers of {@code allocator} (parquet-java gives them back when it moves to the next row
   * group or is closed).
   */
  public static ParquetReadOptions create(
      CompressionCodecFactory codecs, ByteBufferAllocator allocator) {
    return new ParquetReadOptions(
        true,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        FilterCompat.NOOP,
        ParquetMetadataConverter.NO_FILTER,
        codecs,
        allocator,
        MAX_ALLOCATION_BYTES,
        Map.of(),
        null,
        null,
        new PlainParquetConfiguration());
  }
}
