package io.zoopipe.common.job;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.Formats;
import io.zoopipe.common.adapter.Formats.Format;
import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.csv.CsvOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.PipelineException;

/**
 * Where records are read or written and how they are framed: a location, a format and CSV options
 * (ignored by other formats). A value that travels between processes; {@link #toInput()} and {@link
 * #toOutput()} make the adapters.
 */
public record DataDescription(Location location, Format format, CsvOptions csv) {
  public DataDescription {
    requireNonNull(location, "location is null");
    requireNonNull(format, "format is null");
    requireNonNull(csv, "csv options are null");
  }

  /** The format detected from the location's extension, with default CSV options. */
  public static DataDescription of(Location location) {
    return new DataDescription(
        location, Formats.detect(location.fileName()), CsvOptions.defaults());
  }

  /**
   * The input adapter this describes.
   *
   * @throws PipelineException INVALID_CONFIGURATION when the options do not fit the format
   */
  public InputAdapter toInput() {
    try {
      return Formats.input(location, format, csv);
    } catch (IllegalArgumentException e) {
      throw new PipelineException(
          io.zoopipe.common.pipe.ErrorKind.INVALID_CONFIGURATION,
          "input " + location + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The output adapter this describes.
   *
   * @throws PipelineException INVALID_CONFIGURATION when the options do not fit the format
   */
  public OutputAdapter toOutput() {
    try {
      return Formats.output(location, format, csv);
    } catch (IllegalArgumentException e) {
      throw new PipelineException(
          io.zoopipe.common.pipe.ErrorKind.INVALID_CONFIGURATION,
          "output " + location + ": " + e.getMessage(),
          e);
    }
  }

  public DataDescription withLocation(Location newLocation) {
    return new DataDescription(newLocation, format, csv);
  }

  public DataDescription withCsv(CsvOptions newCsv) {
    return new DataDescription(location, format, newCsv);
  }
}
