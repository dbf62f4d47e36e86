package io.zoopipe.format.parquet;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jspecify.annotations.Nullable;
import org.xerial.snappy.Snappy;

/**
 * Parquet's page compression without Hadoop's codec classes: snappy (snappy-java), zstd (zstd-jni),
 * gzip (the JDK), lz4 raw (aircompressor) and none. parquet-java's own factory loads Hadoop's
 * {@code CompressionCodec}s; this one lets a Parquet file be read and written with no Hadoop on the
 * class path. Other codecs (brotli, lzo, the framed lz4) are refused with a message naming the
 * codec. Stateless; thread-safe.
 */
@SuppressWarnings("deprecation") // BytesInput.toByteArray: the simplest copy out of a page
final class ParquetCodecs implements CompressionCodecFactory {
  static final ParquetCodecs INSTANCE = new ParquetCodecs();

  /** The zstd level written: zstd's default. */
  private static final int ZSTD_LEVEL = 3;

  private ParquetCodecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return new Compressor(supported(codec));
  }

  /**
   * A decompressor that gives every page an array of its own. Readers use a {@link
   * PageDecompression} per file, which can reuse them.
   */
  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new PageDecompression(false).getDecompressor(codec);
  }

  @Override
  public void release() {}

  static CompressionCodecName supported(CompressionCodecName codec) {
    return switch (codec) {
      case UNCOMPRESSED, SNAPPY, ZSTD, GZIP, LZ4_RAW -> codec;
      case LZO, BROTLI, LZ4 ->
          throw new UnsupportedOperationException(
              "Parquet compression "
                  + codec
                  + " is not supported (snappy, zstd, gzip, lz4_raw and none are)");
    };
  }

  static byte[] compress(CompressionCodecName codec, byte[] input) throws IOException {
    return switch (codec) {
      case UNCOMPRESSED -> input;
      case SNAPPY -> Snappy.compress(input);
      case ZSTD -> Zstd.compress(input, ZSTD_LEVEL);
      case GZIP -> {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(input.length / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
          gzip.write(input);
        }
        yield bytes.toByteArray();
      }
      case LZ4_RAW -> {
        Lz4Compressor lz4 = new Lz4Compressor();
        byte[] output = new byte[lz4.maxCompressedLength(input.length)];
        int n = lz4.compress(input, 0, input.length, output, 0, output.length);
        yield java.util.Arrays.copyOf(output, n);
      }
      case LZO, BROTLI, LZ4 -> throw new IllegalStateException("unsupported codec " + codec);
    };
  }

  /**
   * Decompresses {@code length} bytes of {@code input} from {@code offset} into the first {@code
   * uncompressedSize} bytes of {@code output}, checking that exactly that many come out.
   */
  static void decompress(
      CompressionCodecName codec,
      byte[] input,
      int offset,
      int length,
      byte[] output,
      int uncompressedSize)
      throws IOException {
    int n;
    switch (codec) {
      case UNCOMPRESSED -> {
        if (length != uncompressedSize) {
          throw new IOException(
              "corrupt page: " + length + " bytes where " + uncompressedSize + " were due");
        }
        System.arraycopy(input, offset, output, 0, length);
        n = length;
      }
      case SNAPPY -> n = Snappy.uncompress(input, offset, length, output, 0);
      case ZSTD -> {
        long result = Zstd.decompressByteArray(output, 0, uncompressedSize, input, offset, length);
        if (Zstd.isError(result)) {
          throw new IOException("corrupt zstd page: " + Zstd.getErrorName(result));
        }
        n = (int) result;
      }
      case GZIP -> {
        try (GZIPInputStream gzip =
            new GZIPInputStream(new ByteArrayInputStream(input, offset, length))) {
          n = gzip.readNBytes(output, 0, uncompressedSize);
          if (n == uncompressedSize && gzip.read() >= 0) {
            n++; // more than was due
          }
        }
      }
      case LZ4_RAW ->
          n = new Lz4Decompressor().decompress(input, offset, length, output, 0, uncompressedSize);
      case LZO, BROTLI, LZ4 -> throw new IllegalStateException("unsupported codec " + codec);
      default -> throw new IllegalStateException("unsupported codec " + codec);
    }
    if (n != uncompressedSize) {
      throw new IOException(
          "corrupt " + codec + " page: " + n + " bytes where " + uncompressedSize + " were due");
    }
  }

  /**
   * Compresses pages into arrays it keeps and reuses. parquet-java copies a compressed page out
   * (into the column chunk's buffer, or a copy for a dictionary page) before it compresses the
   * next, which its own compressors rely on too; so one input and one output array serve every
   * page, where a new pair per page was a fifth of all the bytes CSV -> Parquet allocated. Not
   * thread-safe: one writer's.
   */
  private static final class Compressor implements BytesInputCompressor {
    private final CompressionCodecName codec;
    private byte[] input = new byte[0];
    private byte[] output = new byte[0];
    private @Nullable Lz4Compressor lz4;

    Compressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      int length = Math.toIntExact(bytes.size());
      if (input.length < length) {
        input = new byte[grow(input.length, length)];
      }
      bytes.copy(new ArrayAllocator(input), copied -> {});
      int n;
      switch (codec) {
        case SNAPPY -> {
          reserve(Snappy.maxCompressedLength(length));
          n = Snappy.compress(input, 0, length, output, 0);
        }
        case ZSTD -> {
          reserve(Math.toIntExact(Zstd.compressBound(length)));
          long result =
              Zstd.compressByteArray(output, 0, output.length, input, 0, length, ZSTD_LEVEL);
          if (Zstd.isError(result)) {
            throw new IOException("zstd compression failed: " + Zstd.getErrorName(result));
          }
          n = (int) result;
        }
        case LZ4_RAW -> {
          Lz4Compressor compressor = lz4;
          if (compressor == null) {
            compressor = new Lz4Compressor();
            lz4 = compressor;
          }
          reserve(compressor.maxCompressedLength(length));
          n = compressor.compress(input, 0, length, output, 0, output.length);
        }
        default -> {
          return BytesInput.from(
              ParquetCodecs.compress(codec, java.util.Arrays.copyOf(input, length)));
        }
      }
      return BytesInput.from(output, 0, n);
    }

    private void reserve(int bound) {
      if (output.length < bound) {
        output = new byte[grow(output.length, bound)];
      }
    }

    /** At least {@code needed}, and half as much again as before, so that few pages reallocate. */
    private static int grow(int current, int needed) {
      return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, current + (long) current / 2));
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {
      input = new byte[0];
      output = new byte[0];
    }
  }

  /**
   * Hands out the start of one array as the buffer a page is copied into. Through {@link
   * BytesInput#copy(ByteBufferAllocator, java.util.function.Consumer)} parquet-java copies its
   * buffers into it directly; through an output stream, a page in direct buffers ({@link
   * PageBufferPool}) would be copied into a new array per buffer first.
   */
  static final class ArrayAllocator implements ByteBufferAllocator {
    private final byte[] target;

    ArrayAllocator(byte[] target) {
      this.target = target;
    }

    @Override
    public ByteBuffer allocate(int size) {
      return ByteBuffer.wrap(target, 0, size);
    }

    @Override
    public void release(ByteBuffer buffer) {}

    @Override
    public boolean isDirect() {
      return false;
    }
  }
}
