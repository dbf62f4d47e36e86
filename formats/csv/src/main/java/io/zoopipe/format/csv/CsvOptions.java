package io.zoopipe.format.csv;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a CSV file is laid out, for reading and writing. Immutable; change it with the withers.
 *
 * <p>With {@code header} true the first record names the columns; if {@code columns} are given too,
 * that first record is skipped and the given names are used (this is how a manager hands the header
 * it read once to shards that start mid-file). With {@code header} false, {@code columns} name the
 * columns, or, when empty, they are called {@code column_1 .. column_N} after the first record.
 *
 * @param delimiter separates fields; an ASCII character, not CR or LF ({@code '\t'} for TSV)
 * @param quote encloses fields holding delimiters, quotes or line breaks; an ASCII character
 * @param header whether the first record is a header
 * @param columns explicit column names, or empty
 * @param charset an ASCII-compatible charset (UTF-8, ISO-8859-x, windows-125x); not UTF-16/32
 * @param maxFieldBytes longest field accepted; a longer one, quoted line breaks and all, fails its
 *     row as one error record
 * @param maxRecordBytes longest record accepted; bounds the reader's memory. A longer record is cut
 *     at its first line break, and a quoted field not closed within it is an unterminated quote
 */
public record CsvOptions(
    char delimiter,
    char quote,
    boolean header,
    List<String> columns,
    Charset charset,
    int maxFieldBytes,
    int maxRecordBytes) {

  public static final int DEFAULT_MAX_FIELD_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;

  /** Limit on {@link #maxRecordBytes}, which keeps offset arithmetic inside an int. */
  public static final int MAX_RECORD_BYTES_LIMIT = 1 << 29;

  private static final CsvOptions DEFAULTS =
      new CsvOptions(
          ',',
          '"',
          true,
          List.of(),
          StandardCharsets.UTF_8,
          DEFAULT_MAX_FIELD_BYTES,
          DEFAULT_MAX_RECORD_BYTES);

  public CsvOptions {
    checkSeparator("delimiter", delimiter);
    checkSeparator("quote", quote);
    if (delimiter == quote) {
      throw new IllegalArgumentException(
          "delimiter and quote must differ, both are '" + printable(quote) + "'");
    }
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    checkColumnNames(columns);
    requireNonNull(charset, "charset is null");
    checkAsciiCompatible(charset);
    if (maxFieldBytes < 1) {
      throw new IllegalArgumentException("maxFieldBytes must be >= 1, got " + maxFieldBytes);
    }
    if (maxRecordBytes < maxFieldBytes || maxRecordBytes > MAX_RECORD_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be between maxFieldBytes ("
              + maxFieldBytes
              + ") and "
              + MAX_RECORD_BYTES_LIMIT
              + ", got "
              + maxRecordBytes);
    }
  }

  /** Comma-separated, double quotes, a header line, UTF-8. */
  public static CsvOptions defaults() {
    return DEFAULTS;
  }

  /** Tab-separated, otherwise the defaults. */
  public static CsvOptions tsv() {
    return DEFAULTS.withDelimiter('\t');
  }

  public CsvOptions withDelimiter(char delimiter) {
    return new CsvOptions(
        delimiter, quote, header, columns, charset, maxFieldBytes, maxRecordBytes);
  }

  public CsvOptions withQuote(char quote) {
    return new CsvOptions(
        delimiter, quote, header, columns, charset, maxFieldBytes, maxRecordBytes);
  }

  public CsvOptions withHeader(boolean header) {
    return new CsvOptions(
        delimiter, quote, header, columns, charset, maxFieldBytes, maxRecordBytes);
  }

  public CsvOptions withColumns(List<String> columns) {
    return new CsvOptions(
        delimiter, quote, header, columns, charset, maxFieldBytes, maxRecordBytes);
  }

  public CsvOptions withColumns(String... columns) {
    return withColumns(Arrays.asList(columns));
  }

  public CsvOptions withCharset(Charset charset) {
    return new CsvOptions(
        delimiter, quote, header, columns, charset, maxFieldBytes, maxRecordBytes);
  }

  public CsvOptions withMaxFieldBytes(int maxFieldBytes) {
    return new CsvOptions(
        delimiter, quote, header, columns, charset, maxFieldBytes, maxRecordBytes);
  }

  public CsvOptions withMaxRecordBytes(int maxRecordBytes) {
    return new CsvOptions(
        delimiter, quote, header, columns, charset, maxFieldBytes, maxRecordBytes);
  }

  private static void checkSeparator(String name, char c) {
    if (c == '\n' || c == '\r') {
      throw new IllegalArgumentException(name + " must not be a line break");
    }
    if (c >= 0x80) {
      throw new IllegalArgumentException(
          name + " must be an ASCII character, got '" + c + "' (U+" + Integer.toHexString(c) + ")");
    }
  }

  private static void checkColumnNames(List<String> columns) {
    Set<String> seen = new HashSet<>();
    for (String column : columns) {
      requireNonNull(column, "column name is null");
      if (column.isEmpty()) {
        throw new IllegalArgumentException("column names must not be empty: " + columns);
      }
      if (!seen.add(column)) {
        throw new IllegalArgumentException(
            "column name '" + column + "' appears twice in " + columns);
      }
    }
  }

  /**
   * The reader frames records by bytes, so every ASCII character must be the same single byte in
   * the charset. That rules out UTF-16 and UTF-32, whose newline is two or four bytes.
   */
  private static void checkAsciiCompatible(Charset charset) {
    if (charset.equals(StandardCharsets.UTF_8)
        || charset.equals(StandardCharsets.ISO_8859_1)
        || charset.equals(StandardCharsets.US_ASCII)) {
      return;
    }
    for (char c = 0; c < 0x80; c++) {
      byte[] bytes = String.valueOf(c).getBytes(charset);
      if (bytes.length != 1 || bytes[0] != c) {
        throw new IllegalArgumentException(
            "charset "
                + charset.name()
                + " is not ASCII-compatible (CSV is framed by bytes); use UTF-8, ISO-8859-1 or"
                + " another single-byte-ASCII charset, or convert the file first");
      }
    }
  }

  static String printable(char c) {
    return switch (c) {
      case '\t' -> "\\t";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      default -> String.valueOf(c);
    };
  }
}
