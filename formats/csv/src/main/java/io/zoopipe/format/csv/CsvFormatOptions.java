package io.zoopipe.format.csv;

import io.zoopipe.common.format.FormatOptions;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Set;

/**
 * Translates between the generic {@link FormatOptions} of a CSV description and {@link CsvOptions}.
 * An option left out keeps its default, and only values that differ from the defaults are written,
 * so the default options are the empty map. Stateless.
 */
final class CsvFormatOptions {
  static final String DELIMITER = "delimiter";
  static final String QUOTE = "quote";
  static final String HEADER = "header";
  static final String COLUMNS = "columns";
  static final String CHARSET = "charset";
  static final String MAX_FIELD_BYTES = "max_field_bytes";
  static final String MAX_RECORD_BYTES = "max_record_bytes";

  static final Set<String> NAMES =
      Set.of(DELIMITER, QUOTE, HEADER, COLUMNS, CHARSET, MAX_FIELD_BYTES, MAX_RECORD_BYTES);

  private CsvFormatOptions() {}

  /**
   * The typed options.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  static CsvOptions parse(FormatOptions options) {
    options.requireKnown(CsvFormat.NAME, NAMES);
    CsvOptions defaults = CsvOptions.defaults();
    try {
      String header = options.get(HEADER).orElse("true");
      if (!header.equals("true") && !header.equals("false")) {
        throw new IllegalArgumentException("header must be true or false, got '" + header + "'");
      }
      return new CsvOptions(
          character(options, DELIMITER, defaults.delimiter()),
          character(options, QUOTE, defaults.quote()),
          header.equals("true"),
          options.getList(COLUMNS).orElse(List.of()),
          options.get(CHARSET).map(CsvFormatOptions::charset).orElse(defaults.charset()),
          positive(options, MAX_FIELD_BYTES, defaults.maxFieldBytes()),
          positive(options, MAX_RECORD_BYTES, defaults.maxRecordBytes()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("csv options: " + e.getMessage(), e);
    }
  }

  /** The generic form of {@code csv}: the values that differ from the defaults. */
  static FormatOptions of(CsvOptions csv) {
    CsvOptions defaults = CsvOptions.defaults();
    FormatOptions options = FormatOptions.none();
    if (csv.delimiter() != defaults.delimiter()) {
      options = options.with(DELIMITER, String.valueOf(csv.delimiter()));
    }
    if (csv.quote() != defaults.quote()) {
      options = options.with(QUOTE, String.valueOf(csv.quote()));
    }
    if (csv.header() != defaults.header()) {
      options = options.with(HEADER, String.valueOf(csv.header()));
    }
    if (!csv.columns().isEmpty()) {
      options = options.withList(COLUMNS, csv.columns());
    }
    if (!csv.charset().equals(defaults.charset())) {
      options = options.with(CHARSET, csv.charset().name());
    }
    if (csv.maxFieldBytes() != defaults.maxFieldBytes()) {
      options = options.with(MAX_FIELD_BYTES, String.valueOf(csv.maxFieldBytes()));
    }
    if (csv.maxRecordBytes() != defaults.maxRecordBytes()) {
      options = options.with(MAX_RECORD_BYTES, String.valueOf(csv.maxRecordBytes()));
    }
    return options;
  }

  private static char character(FormatOptions options, String key, char otherwise) {
    String value = options.get(key).orElse(null);
    if (value == null) {
      return otherwise;
    }
    if (value.length() != 1) {
      throw new IllegalArgumentException(key + " must be one character, got '" + value + "'");
    }
    return value.charAt(0);
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new IllegalArgumentException("unknown character set '" + name + "'", e);
    }
  }

  private static int positive(FormatOptions options, String key, int otherwise) {
    String value = options.get(key).orElse(null);
    if (value == null) {
      return otherwise;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < 1) {
        throw new IllegalArgumentException(key + " must be >= 1, got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
    }
  }
}
