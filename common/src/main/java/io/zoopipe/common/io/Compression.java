package io.zoopipe.common.io;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Stream compression chosen by file extension. Compressed inputs cannot be cut into byte ranges, so
 * they are always read whole. Multi-member gzip and multi-frame zstd read as one stream, which is
 * what lets shard outputs be concatenated.
 */
public enum Compression {
  NONE(""),
  GZIP(".gz"),
  ZSTD(".zst");

  private static final int BUFFER_BYTES = 1 << 16;

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  public static Compression fromFileName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz") || lower.endsWith(".gzip")) {
      return GZIP;
    }
    if (lower.endsWith(".zst") || lower.endsWith(".zstd")) {
      return ZSTD;
    }
    return NONE;
  }

  /** The file name without this compression's extension ({@code users.csv.gz -> users.csv}). */
  public static String stripExtension(String fileName) {
    Compression compression = fromFileName(fileName);
    if (compression == NONE) {
      return fileName;
    }
    return fileName.substring(0, fileName.lastIndexOf('.'));
  }

  public InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, BUFFER_BYTES);
      case ZSTD -> new ZstdInputStream(in).setContinuous(false);
    };
  }

  public OutputStream compress(OutputStream out) throws IOException {
    return switch (this) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out, BUFFER_BYTES);
      case ZSTD -> new ZstdOutputStream(out, 3);
    };
  }
}
