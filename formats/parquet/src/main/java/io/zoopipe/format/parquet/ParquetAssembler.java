package io.zoopipe.format.parquet;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Piece;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Assembles one Parquet file from shard parts of the same schema: the parts' row groups, in part
 * order, are copied byte for byte (column chunks are neither decoded nor re-encoded) after one
 * header, and one footer indexes them all. The file is composed by the destination's storage from
 * ranges of the parts and the new footer ({@link ParquetComposition}; in the kernel for local
 * files, server-side on S3 for ranges of 5 MiB or more), staged (a temporary file beside it, or an
 * S3 multipart upload not yet completed); parts laid out otherwise are streamed through this
 * process instead. Not thread-safe; one per assembly.
 */
final class ParquetAssembler {
  private final StorageFactory storage;
  private final ParquetWriteOptions options;

  ParquetAssembler(StorageFactory storage, ParquetWriteOptions options) {
    this.storage = storage;
    this.options = options;
  }

  StagedOutput assemble(List<Location> parts, Location destination, Storage target)
      throws IOException {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no parts to assemble into " + destination);
    }
    MessageType schema = null;
    Map<String, String> metadata = Map.of();
    List<ParquetComposition.Part> footers = new ArrayList<>(parts.size());
    for (Location part : parts) {
      StorageInputFile file = StorageInputFile.open(storage.forLocation(part), part);
      try (ParquetFileReader reader = ParquetFooter.open(file)) {
        MessageType partSchema = ParquetFooter.schema(reader);
        if (schema == null) {
          schema = partSchema;
          metadata =
              new LinkedHashMap<>(reader.getFooter().getFileMetaData().getKeyValueMetaData());
        } else {
          checkSameSchema(part, partSchema, schema);
        }
        footers.add(new ParquetComposition.Part(part, reader.getRowGroups()));
      }
    }
    requireNonNull(schema, "schema");
    // Ranges are composed by the destination's storage, so the parts must live in it too.
    boolean sameStorage =
        parts.stream().allMatch(part -> part.scheme().equals(destination.scheme()));
    List<Piece> pieces =
        sameStorage
            ? ParquetComposition.of(footers, schema, metadata, options.rowGroupBytes())
            : null;
    if (pieces != null) {
      return target.stageComposition(pieces, destination);
    }
    return streamed(parts, destination, target, schema, metadata);
  }

  /**
   * The assembly through this process, whatever the parts' layout: what {@link #assemble} falls
   * back to, and what a composed assembly must equal byte for byte.
   */
  StagedOutput assembleStreaming(List<Location> parts, Location destination, Storage target)
      throws IOException {
    Location first = parts.get(0);
    try (ParquetFileReader reader =
        ParquetFooter.open(StorageInputFile.open(storage.forLocation(first), first))) {
      return streamed(
          parts,
          destination,
          target,
          ParquetFooter.schema(reader),
          new LinkedHashMap<>(reader.getFooter().getFileMetaData().getKeyValueMetaData()));
    }
  }

  /** The assembly through this process: each part's row groups read and appended. */
  private StagedOutput streamed(
      List<Location> parts,
      Location destination,
      Storage target,
      MessageType schema,
      Map<String, String> metadata)
      throws IOException {
    AtomicOutput output = target.create(destination);
    try {
      ParquetFileWriter writer =
          new ParquetFileWriter(
              new StorageOutputFile(output, destination.toString()),
              schema,
              ParquetFileWriter.Mode.OVERWRITE,
              options.rowGroupBytes(),
              0,
              null,
              ParquetProperties.builder().build());
      writer.start();
      for (Location part : parts) {
        StorageInputFile file = StorageInputFile.open(storage.forLocation(part), part);
        try (ParquetFileReader reader = ParquetFooter.open(file);
            SeekableInputStream in = file.newStream()) {
          writer.appendRowGroups(in, reader.getRowGroups(), false);
        }
      }
      writer.end(metadata);
      return output.stage();
    } catch (IOException | RuntimeException e) {
      output.abort();
      throw e;
    }
  }

  private static void checkSameSchema(Location part, MessageType partSchema, MessageType schema) {
    if (!partSchema.equals(schema)) {
      throw PipelineException.invalidInput(
          "Parquet part "
              + part
              + " has another schema than the first part, so the parts cannot be assembled"
              + " into one file (give the pipe a schema type so that every shard writes the"
              + " same columns): "
              + oneLine(partSchema)
              + " versus "
              + oneLine(schema));
    }
  }

  private static String oneLine(MessageType schema) {
    return schema.toString().replaceAll("\\s+", " ").strip();
  }
}
