package io.zoopipe.common.job;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.format.FormatRegistry;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import java.util.Locale;

/**
 * Where records are read or written and how they are framed: a location, the name of a format and
 * its options. A value that travels between processes; {@link #toInput()} and {@link #toOutput()}
 * make the adapters through the format's {@link FormatProvider}.
 *
 * @param format a format's canonical name ({@link FormatProvider#name()}), lower case
 * @param options the format's options
 */
public record DataDescription(Location location, String format, FormatOptions options) {
  public DataDescription {
    requireNonNull(location, "location is null");
    requireNonNull(format, "format is null");
    requireNonNull(options, "options are null");
    if (format.isBlank()) {
      throw new IllegalArgumentException("format of " + location + " is blank");
    }
    format = format.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The format detected from the location's scheme or extension ({@link
   * FormatRegistry#forLocation}), with default options.
   */
  public static DataDescription of(Location location) {
    FormatProvider provider = FormatRegistry.installed().forLocation(location);
    return new DataDescription(location, provider.name(), FormatOptions.none());
  }

  /** The format named {@code format} (a name or an alias) with {@code options}. */
  public static DataDescription of(Location location, String format, FormatOptions options) {
    return new DataDescription(
        location, FormatRegistry.installed().forName(format).name(), options);
  }

  /**
   * The provider of this description's format.
   *
   * @throws PipelineException INVALID_CONFIGURATION when no installed provider has that name
   */
  public FormatProvider provider() {
    try {
      return FormatRegistry.installed().forName(format);
    } catch (IllegalArgumentException e) {
      throw new PipelineException(
          ErrorKind.INVALID_CONFIGURATION, location + ": " + e.getMessage(), e);
    }
  }

  /**
   * The input adapter this describes.
   *
   * @throws PipelineException INVALID_CONFIGURATION when the options do not fit the format
   */
  public InputAdapter toInput() {
    FormatProvider provider = provider();
    try {
      return provider.input(this);
    } catch (IllegalArgumentException e) {
      throw new PipelineException(
          ErrorKind.INVALID_CONFIGURATION, "input " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * The output adapter this describes.
   *
   * @throws PipelineException INVALID_CONFIGURATION when the options do not fit the format
   */
  public OutputAdapter toOutput() {
    FormatProvider provider = provider();
    try {
      return provider.output(this);
    } catch (IllegalArgumentException e) {
      throw new PipelineException(
          ErrorKind.INVALID_CONFIGURATION, "output " + location + ": " + e.getMessage(), e);
    }
  }

  public DataDescription withLocation(Location newLocation) {
    return new DataDescription(newLocation, format, options);
  }

  public DataDescription withOptions(FormatOptions newOptions) {
    return new DataDescription(location, format, newOptions);
  }
}
