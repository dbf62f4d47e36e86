package io.zoopipe.manager.plan;

import io.zoopipe.common.adapter.Formats.Format;
import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.adapter.csv.CsvOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * What the manager learns about an input before planning: its size, whether it can be cut, and for
 * CSV the column names, read once from the header so that every shard gets them explicitly.
 *
 * @param size bytes of the input
 * @param splittable whether byte ranges can be read on their own (not compressed, not a JSON array)
 * @param columns the CSV columns (header or explicit names); empty for other formats
 */
public record InputProbe(long size, boolean splittable, List<String> columns) {
  public InputProbe {
    columns = List.copyOf(columns);
  }

  /**
   * Probes the input through {@code storage}.
   *
   * @throws PipelineException INVALID_INPUT (caused by {@link NoSuchFileException}) when it does
   *     not exist, STORAGE when it cannot be read
   */
  public static InputProbe of(StorageFactory storages, DataDescription input) {
    Location location = input.location();
    try {
      var storage = storages.forLocation(location);
      if (!storage.exists(location)) {
        throw new PipelineException(
            ErrorKind.INVALID_INPUT,
            "input " + location + " does not exist",
            new NoSuchFileException(location.toString()));
      }
      long size = storage.size(location);
      InputAdapter adapter = input.toInput();
      List<String> columns = List.of();
      if (input.format() == Format.CSV) {
        try (RecordReader reader = adapter.open(storages)) {
          columns = reader.columns();
        }
      }
      return new InputProbe(size, adapter.isSplittable(), columns);
    } catch (IOException e) {
      throw new PipelineException(
          ErrorKind.STORAGE, "input " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * The CSV options of shard {@code index}: the columns read here made explicit, and the header
   * line skipped by the first shard only (later shards start past it).
   */
  public CsvOptions shardCsv(CsvOptions options, int index) {
    CsvOptions shard = columns.isEmpty() ? options : options.withColumns(columns);
    return index == 0 ? shard : shard.withHeader(false);
  }
}
