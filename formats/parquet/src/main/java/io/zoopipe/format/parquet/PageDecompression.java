package io.zoopipe.format.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jspecify.annotations.Nullable;

/**
 * Decompresses the pages of one Parquet file being read, into arrays reused from page to page and
 * from one row group to the next.
 *
 * <p>Why: parquet-java asks for one decompressor per column chunk and, through a decompressor that
 * returns a new array per page, every decompressed page (about a megabyte each, held until its
 * column moves on to the next page, so for many young collections) was promoted and died in the old
 * generation: Parquet&nbsp;&rarr;&nbsp;JSON Lines of the 28-column users data allocated 0.7&nbsp;GB
 * of pages and 0.26&nbsp;GB of copies of compressed pages per million rows, and its heap grew to
 * twice its live set between full collections (docs/benchmarks.md).
 *
 * <p>The rule that makes reuse safe: a column chunk's first page is decompressed into an array of
 * its own, every later page of the chunk into one array the chunk reuses. parquet-java reads a
 * chunk's dictionary page (always its first, by the format) once, before any data page, and its
 * dictionaries keep slices of that page for the whole chunk; a data page is read only when the
 * previous one of its column is used up, and the values read from it are copied out (strings, byte
 * arrays, decimals: {@link ParquetValues}) before the next. {@link #rowGroupDone()} takes the
 * reused arrays back for the next row group's chunks: to be called only when nothing read from the
 * row group is still being decoded. A reader that keeps values read from a page past the next value
 * (parquet-java's example {@code Group}s do) must not reuse: {@code new PageDecompression(false)}
 * gives every page an array of its own. Not thread-safe: one reader's.
 */
final class PageDecompression implements CompressionCodecFactory {
  /** The most arrays kept between row groups, and the most bytes they may hold. */
  private static final int MAX_IDLE = 256;

  private static final long MAX_IDLE_BYTES = 256L << 20;

  private final List<ChunkDecompressor> open = new ArrayList<>();
  // Arrays no chunk uses, smallest first.
  private final List<byte[]> idle = new ArrayList<>();
  private long idleBytes;
  private long pages;
  private long arrays;
  private final boolean reuse;
  private byte[] compressed = new byte[0];

  /** Decompression that reuses page arrays as above when {@code reuse}, else none. */
  PageDecompression(boolean reuse) {
    this.reuse = reuse;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return ParquetCodecs.INSTANCE.getCompressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    ChunkDecompressor decompressor = new ChunkDecompressor(ParquetCodecs.supported(codec));
    open.add(decompressor);
    return decompressor;
  }

  /**
   * Takes back the arrays of the row group read last, for the next one's chunks. After this,
   * nothing may read the pages of that row group.
   */
  void rowGroupDone() {
    for (ChunkDecompressor decompressor : open) {
      byte[] reused = decompressor.reused;
      decompressor.reused = null;
      if (reused != null) {
        giveBack(reused);
      }
    }
    open.clear();
  }

  /** The pages decompressed so far. */
  long pages() {
    return pages;
  }

  /** The page arrays made so far (the rest of the pages reused one). */
  long arrays() {
    return arrays;
  }

  @Override
  public void release() {
    open.clear();
    idle.clear();
    idleBytes = 0;
    compressed = new byte[0];
  }

  private byte[] take(int size) {
    for (int i = 0; i < idle.size(); i++) {
      byte[] array = idle.get(i);
      if (array.length >= size) {
        idle.remove(i);
        idleBytes -= array.length;
        return array;
      }
    }
    // An eighth more than asked: pages of one column differ a little in size.
    arrays++;
    return new byte[(int) Math.min(Integer.MAX_VALUE - 8, size + (long) size / 8)];
  }

  private void giveBack(byte[] array) {
    if (idle.size() >= MAX_IDLE || idleBytes + array.length > MAX_IDLE_BYTES) {
      return; // left to the collector
    }
    int at = 0;
    for (byte[] other : idle) {
      if (other.length >= array.length) {
        break;
      }
      at++;
    }
    idle.add(at, array);
    idleBytes += array.length;
  }

  /** The compressed bytes of {@code bytes} in an array this reader reuses for every page. */
  private byte[] compressedBytes(BytesInput bytes, int length) throws IOException {
    if (compressed.length < length) {
      compressed = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length + (long) length / 2)];
    }
    bytes.copy(new ParquetCodecs.ArrayAllocator(compressed), copied -> {});
    return compressed;
  }

  /** One column chunk's: its first page in an array of its own, the later ones in one reused. */
  private final class ChunkDecompressor implements BytesInputDecompressor {
    private final CompressionCodecName codec;
    private boolean first = true;
    private byte @Nullable [] reused;

    ChunkDecompressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      int length = Math.toIntExact(bytes.size());
      byte[] input = compressedBytes(bytes, length);
      byte[] output;
      pages++;
      if (first || !reuse) {
        first = false;
        arrays++;
        output = new byte[uncompressedSize];
      } else {
        byte[] current = reused;
        if (current == null || current.length < uncompressedSize) {
          if (current != null) {
            giveBack(current);
          }
          current = take(uncompressedSize);
          reused = current;
        }
        output = current;
      }
      ParquetCodecs.decompress(codec, input, 0, length, output, uncompressedSize);
      return BytesInput.from(output, 0, uncompressedSize);
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      // Only parquet-java's off-heap path calls this, which these readers never take.
      byte[] source = new byte[compressedSize];
      input.get(source);
      byte[] target = new byte[uncompressedSize];
      ParquetCodecs.decompress(codec, source, 0, compressedSize, target, uncompressedSize);
      output.put(target);
    }

    @Override
    public void release() {}
  }
}
