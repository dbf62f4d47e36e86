package io.zoopipe.format.parquet;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Piece;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * One Parquet file described as pieces of its parts, so that a storage can compose it without this
 * process reading the row groups (on S3, ranges copied server-side): the first part's header and
 * row groups, each later part's row groups, and a new footer that indexes them all.
 *
 * <p>The footer is the one parquet-java writes when it appends the parts' row groups to a new file
 * ({@link ParquetFileWriter#appendRowGroups}, the streaming assembly): the same writer runs over an
 * input that reads nothing and an output that keeps only what it writes after the row groups. That
 * holds for parts whose row groups fill the file from its header on, column chunk after column
 * chunk in schema order, with their dictionary pages where the footer says (so the writer need not
 * read a page header); parquet-java writes parts so. For any other part {@link #of} returns null,
 * and the caller streams the assembly instead.
 */
final class ParquetComposition {
  private ParquetComposition() {}

  /**
   * A part: its location and the row groups its footer lists.
   *
   * @param location the part file
   * @param rowGroups its row groups, in file order
   */
  record Part(Location location, List<BlockMetaData> rowGroups) {}

  /** The pieces of the file assembled from {@code parts} of {@code schema}, or null (see above). */
  static @Nullable List<Piece> of(
      List<Part> parts, MessageType schema, Map<String, String> metadata, long rowGroupBytes)
      throws IOException {
    List<Long> ends = new ArrayList<>(parts.size());
    long dataBytes = ParquetFileWriter.MAGIC.length;
    for (Part part : parts) {
      long end = rowGroupsEnd(part.rowGroups(), schema);
      if (end < 0) {
        return null;
      }
      ends.add(end);
      dataBytes += end - ParquetFileWriter.MAGIC.length;
    }
    byte[] footer = footer(parts, schema, metadata, rowGroupBytes, dataBytes);
    List<Piece> pieces = new ArrayList<>(parts.size() + 1);
    for (int i = 0; i < parts.size(); i++) {
      long start = i == 0 ? 0 : ParquetFileWriter.MAGIC.length; // the first part's header stays
      pieces.add(Piece.range(parts.get(i).location(), start, ends.get(i)));
    }
    pieces.add(Piece.bytes(footer));
    return pieces;
  }

  /**
   * Where the row groups of a part end, if they start right after the header and follow each other
   * with no gap, chunk after chunk in schema order; else -1.
   */
  private static long rowGroupsEnd(List<BlockMetaData> rowGroups, MessageType schema) {
    long expected = ParquetFileWriter.MAGIC.length;
    for (BlockMetaData block : rowGroups) {
      Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();
      block.getColumns().forEach(chunk -> chunks.put(chunk.getPath(), chunk));
      if (chunks.size() != schema.getColumns().size()) {
        return -1;
      }
      for (ColumnDescriptor column : schema.getColumns()) {
        ColumnChunkMetaData chunk = chunks.get(ColumnPath.get(column.getPath()));
        if (chunk == null
            || chunk.getStartingPos() != expected
            || (chunk.hasDictionaryPage()
                && chunk.getFirstDataPageOffset() <= chunk.getDictionaryPageOffset())) {
          return -1;
        }
        expected += chunk.getTotalSize();
      }
    }
    return expected;
  }

  /** What parquet-java writes after the row groups when it appends the parts' to a new file. */
  private static byte[] footer(
      List<Part> parts,
      MessageType schema,
      Map<String, String> metadata,
      long rowGroupBytes,
      long dataBytes)
      throws IOException {
    TailFile tail = new TailFile(dataBytes);
    ParquetFileWriter writer =
        new ParquetFileWriter(
            tail,
            schema,
            ParquetFileWriter.Mode.OVERWRITE,
            rowGroupBytes,
            0,
            null,
            ParquetProperties.builder().build());
    writer.start();
    for (Part part : parts) {
      writer.appendRowGroups(new NothingToRead(), part.rowGroups(), false);
    }
    writer.end(metadata);
    return tail.bytes();
  }

  /** An output that counts every byte and keeps those from {@code from} on. */
  private static final class TailFile implements OutputFile {
    private final long from;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    TailFile(long from) {
      this.from = from;
    }

    byte[] bytes() {
      return kept.toByteArray();
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long position;

        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) {
          if (position >= from) {
            kept.write(b);
          }
          position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          long skip = Math.max(0, Math.min(length, from - position));
          kept.write(bytes, offset + (int) skip, length - (int) skip);
          position += length;
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return "footer";
    }
  }

  /**
   * The parts' bytes as the writer's copy sees them: positions move, nothing is read (what is
   * "copied" lands before the tail the output keeps). Reads of single bytes or whole buffers, which
   * only a page header lookup would make, are refused: {@link #rowGroupsEnd} rules that out.
   */
  private static final class NothingToRead extends SeekableInputStream {
    private long position;

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void seek(long newPos) {
      position = newPos;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
      position += length;
      return length;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("the composition reads no part's bytes");
    }

    @Override
    public void readFully(byte[] bytes) {
      throw new UnsupportedOperationException("the composition reads no part's bytes");
    }

    @Override
    public void readFully(byte[] bytes, int start, int len) {
      throw new UnsupportedOperationException("the composition reads no part's bytes");
    }

    @Override
    public int read(ByteBuffer buf) {
      throw new UnsupportedOperationException("the composition reads no part's bytes");
    }

    @Override
    public void readFully(ByteBuffer buf) {
      throw new UnsupportedOperationException("the composition reads no part's bytes");
    }
  }
}
