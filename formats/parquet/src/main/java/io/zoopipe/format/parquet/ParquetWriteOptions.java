package io.zoopipe.format.parquet;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.format.FormatOptions;
import java.util.Locale;
import java.util.Set;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How a Parquet output is written: page compression ({@code snappy} by default: fast, and what most
 * engines write; also {@code zstd}, {@code gzip}, {@code lz4_raw}, {@code none}), the row group
 * size in bytes (32 MiB: a writer holds one row group in memory), the page size in bytes (1 MiB)
 * and whether columns are dictionary-encoded (yes), and how many threads encode the columns of a
 * flat schema side by side ({@link #DEFAULT_ENCODE_THREADS} by default: the machine's cores, at
 * most 4; 1 encodes on the writing thread alone). Immutable.
 */
public record ParquetWriteOptions(
    CompressionCodecName compression,
    long rowGroupBytes,
    int pageBytes,
    boolean dictionary,
    int encodeThreads) {
  public static final String COMPRESSION = "compression";
  public static final String ROW_GROUP_SIZE = "row_group_size";
  public static final String PAGE_SIZE = "page_size";
  public static final String DICTIONARY = "dictionary";
  public static final String ENCODE_THREADS = "encode_threads";

  /** The names of the output options. */
  public static final Set<String> NAMES =
      Set.of(COMPRESSION, ROW_GROUP_SIZE, PAGE_SIZE, DICTIONARY, ENCODE_THREADS);

  /**
   * The threads that encode a flat schema's columns unless told: this machine's cores, at most 4. A
   * writer's thread was the bottleneck of CSV -> Parquet; two threads wrote the 28-column users
   * data 1.2-1.3 times as fast on 2 cores (docs/benchmarks.md). Each machine takes its own: the
   * option travels to workers only when it is set.
   */
  public static final int DEFAULT_ENCODE_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /**
   * The defaults. The row group: a writer holds one in memory, and 32 MiB (about 137,000 rows of
   * the 28-column users data, near DuckDB's 122,880 rows) wrote CSV -> Parquet as fast as 64 MiB
   * with a peak RSS about 35 MB lower (docs/benchmarks.md); 16 MiB cost more CPU.
   */
  public static final ParquetWriteOptions DEFAULTS =
      new ParquetWriteOptions(CompressionCodecName.SNAPPY, 32L << 20, 1 << 20, true);

  /** These options with the default {@link #encodeThreads()}. */
  public ParquetWriteOptions(
      CompressionCodecName compression, long rowGroupBytes, int pageBytes, boolean dictionary) {
    this(compression, rowGroupBytes, pageBytes, dictionary, DEFAULT_ENCODE_THREADS);
  }

  public ParquetWriteOptions {
    requireNonNull(compression, "compression is null");
    if (rowGroupBytes < 1024) {
      throw new IllegalArgumentException(
          "row_group_size must be >= 1024 bytes, got " + rowGroupBytes);
    }
    if (pageBytes < 64) {
      throw new IllegalArgumentException("page_size must be >= 64 bytes, got " + pageBytes);
    }
    if (encodeThreads < 1 || encodeThreads > 64) {
      throw new IllegalArgumentException(
          "encode_threads must be between 1 and 64, got " + encodeThreads);
    }
    switch (compression) {
      case UNCOMPRESSED, SNAPPY, ZSTD, GZIP, LZ4_RAW -> {}
      case LZO, BROTLI, LZ4 ->
          throw new IllegalArgumentException(
              "compression " + compression + " is not written (snappy, zstd, gzip, lz4_raw, none)");
    }
  }

  /** The options {@code options} sets, the rest at their defaults. */
  public static ParquetWriteOptions from(FormatOptions options) {
    CompressionCodecName compression =
        options.get(COMPRESSION).map(ParquetWriteOptions::codec).orElse(DEFAULTS.compression());
    long rowGroup =
        options
            .get(ROW_GROUP_SIZE)
            .map(v -> number(ROW_GROUP_SIZE, v))
            .orElse(DEFAULTS.rowGroupBytes());
    long page =
        options.get(PAGE_SIZE).map(v -> number(PAGE_SIZE, v)).orElse((long) DEFAULTS.pageBytes());
    boolean dictionary =
        options.get(DICTIONARY).map(ParquetWriteOptions::bool).orElse(DEFAULTS.dictionary());
    int threads =
        options
            .get(ENCODE_THREADS)
            .map(ParquetWriteOptions::count)
            .orElse(DEFAULTS.encodeThreads());
    if (page > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("page_size must be < 2 GiB, got " + page);
    }
    return new ParquetWriteOptions(compression, rowGroup, (int) page, dictionary, threads);
  }

  /** These options as format options (only those that differ from the defaults). */
  public FormatOptions toOptions() {
    FormatOptions options = FormatOptions.none();
    if (compression != DEFAULTS.compression()) {
      options = options.with(COMPRESSION, name(compression));
    }
    if (rowGroupBytes != DEFAULTS.rowGroupBytes()) {
      options = options.with(ROW_GROUP_SIZE, Long.toString(rowGroupBytes));
    }
    if (pageBytes != DEFAULTS.pageBytes()) {
      options = options.with(PAGE_SIZE, Integer.toString(pageBytes));
    }
    if (dictionary != DEFAULTS.dictionary()) {
      options = options.with(DICTIONARY, Boolean.toString(dictionary));
    }
    if (encodeThreads != DEFAULTS.encodeThreads()) {
      options = options.with(ENCODE_THREADS, Integer.toString(encodeThreads));
    }
    return options;
  }

  private static String name(CompressionCodecName codec) {
    return codec == CompressionCodecName.UNCOMPRESSED
        ? "none"
        : codec.name().toLowerCase(Locale.ROOT);
  }

  private static CompressionCodecName codec(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
      case "snappy" -> CompressionCodecName.SNAPPY;
      case "zstd" -> CompressionCodecName.ZSTD;
      case "gzip" -> CompressionCodecName.GZIP;
      case "lz4_raw" -> CompressionCodecName.LZ4_RAW;
      default ->
          throw new IllegalArgumentException(
              "option compression must be one of snappy, zstd, gzip, lz4_raw, none; got " + text);
    };
  }

  private static long number(String option, String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (value.endsWith("k") || value.endsWith("m") || value.endsWith("g")) {
      char suffix = value.charAt(value.length() - 1);
      unit = suffix == 'k' ? 1L << 10 : suffix == 'm' ? 1L << 20 : 1L << 30;
      value = value.substring(0, value.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(value), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "option " + option + " must be a number of bytes (1048576, 1024k, 64m), got " + text, e);
    }
  }

  private static int count(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option encode_threads must be a whole number (1 to 64), got " + text, e);
    }
  }

  private static boolean bool(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default ->
          throw new IllegalArgumentException(
              "option dictionary must be true or false, got " + text);
    };
  }
}
