package io.zoopipe.format.parquet;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
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
 * header, and one footer indexes them all. The file is staged through the destination storage's
 * {@link AtomicOutput} (a temporary file beside it, or an S3 multipart upload not yet completed),
 * streaming the parts through this process. Not thread-safe; one per assembly.
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
    AtomicOutput output = target.create(destination);
    try {
      MessageType schema;
      Map<String, String> metadata;
      StorageInputFile first =
          StorageInputFile.open(storage.forLocation(parts.get(0)), parts.get(0));
      try (ParquetFileReader reader = ParquetFooter.open(first)) {
        schema = ParquetFooter.schema(reader);
        metadata = new LinkedHashMap<>(reader.getFooter().getFileMetaData().getKeyValueMetaData());
      }
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
        append(writer, part, schema);
      }
      writer.end(metadata);
      return output.stage();
    } catch (IOException | RuntimeException e) {
      output.abort();
      throw e;
    }
  }

  private void append(ParquetFileWriter writer, Location part, MessageType schema)
      throws IOException {
    StorageInputFile file = StorageInputFile.open(storage.forLocation(part), part);
    try (ParquetFileReader reader = ParquetFooter.open(file);
        SeekableInputStream in = file.newStream()) {
      MessageType partSchema = ParquetFooter.schema(reader);
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
      writer.appendRowGroups(in, reader.getRowGroups(), false);
    }
  }

  private static String oneLine(MessageType schema) {
    return schema.toString().replaceAll("\\s+", " ").strip();
  }
}
