package io.zoopipe.format.parquet;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.shard.ByteRange;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.schema.MessageType;

/**
 * Opens Parquet files and reads their footers, turning what is wrong with a file (too short, not
 * Parquet, a footer that does not parse or points outside the file) into one {@link
 * PipelineException} of kind INVALID_INPUT whose message names the file. Also holds the shard rule:
 * a byte range owns the row groups whose first byte lies in it. Stateless; thread-safe.
 */
final class ParquetFooter {
  private ParquetFooter() {}

  /**
   * The read options used everywhere: our codecs, no Hadoop configuration, no filters, and the row
   * group's column chunks (read whole, about a row group's compressed bytes) in the process's
   * {@link PageBufferPool}. On the heap they lived as long as a row group, were promoted and filled
   * the old generation between full collections; off it they are reused from one row group to the
   * next (docs/benchmarks.md).
   */
  static ParquetReadOptions readOptions() {
    return readOptions(new PageDecompression(false));
  }

  /** The same with {@code codecs} for the pages. */
  static ParquetReadOptions readOptions(PageDecompression codecs) {
    return HadoopFreeReadOptions.create(codecs, PageBufferPool.SHARED);
  }

  /**
   * Opens {@code file}'s footer and checks that every row group lies inside the file.
   *
   * @throws PipelineException of kind INVALID_INPUT naming the file when it is not valid Parquet
   */
  static ParquetFileReader open(StorageInputFile file) throws IOException {
    return open(file, new PageDecompression(false));
  }

  /**
   * The same, decompressing pages with {@code codecs}.
   *
   * @throws PipelineException of kind INVALID_INPUT naming the file when it is not valid Parquet
   */
  static ParquetFileReader open(StorageInputFile file, PageDecompression codecs)
      throws IOException {
    Location location = file.location();
    long length = file.getLength();
    if (length < 12) {
      throw invalid(location, "is not a Parquet file: " + length + " bytes, too short");
    }
    ParquetFileReader reader;
    try {
      reader = ParquetFileReader.open(file, readOptions(codecs));
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw invalid(location, describe(e));
    }
    try {
      for (BlockMetaData block : reader.getRowGroups()) {
        long start = block.getStartingPos();
        long end = start + block.getCompressedSize();
        if (start < 4 || end > length || block.getRowCount() < 0) {
          throw invalid(
              location,
              "has a corrupt footer: a row group at ["
                  + start
                  + ", "
                  + end
                  + ") lies outside the file's "
                  + length
                  + " bytes");
        }
      }
      return reader;
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The indexes of the row groups whose first byte lies in {@code range}, in file order. */
  static List<Integer> ownedRowGroups(List<BlockMetaData> blocks, ByteRange range) {
    List<Integer> owned = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      long start = blocks.get(i).getStartingPos();
      if (start >= range.start() && start < range.end()) {
        owned.add(i);
      }
    }
    return owned;
  }

  /** The schema of {@code reader}'s file. */
  static MessageType schema(ParquetFileReader reader) {
    return reader.getFooter().getFileMetaData().getSchema();
  }

  static PipelineException invalid(Location location, String problem) {
    return PipelineException.invalidInput("Parquet input " + location + " " + problem);
  }

  /** What parquet-java said, as the rest of a one-line message. */
  private static String describe(Exception e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("expected magic number")) {
      return "is not a Parquet file (no PAR1 magic number at its end)";
    }
    if (message.contains("is not a Parquet file")) {
      return "is not a Parquet file (" + firstLine(message) + ")";
    }
    return "has a corrupt footer ("
        + firstLine(e.getClass().getSimpleName() + ": " + message)
        + ")";
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
