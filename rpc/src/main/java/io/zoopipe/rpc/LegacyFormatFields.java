package io.zoopipe.rpc;

import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.proto.v1.CsvOptions;
import io.zoopipe.proto.v1.DataLocation;
import io.zoopipe.proto.v1.Format;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows the wire's legacy format fields, the {@code Format} enum and the {@code
 * CsvOptions} message, from before formats were plugins named by {@code format_name} with an {@code
 * options} map. Senders fill them beside the new fields for the three formats they can express
 * ({@code csv}, {@code jsonl}, {@code json}), so that older receivers understand; a message without
 * {@code format_name} (from an older client, such as one generated from the proto before it) is
 * read from them. The CSV option names are those of the csv format's plugin. Stateless.
 */
final class LegacyFormatFields {
  private static final String CSV = "csv";
  private static final String JSONL = "jsonl";
  private static final String JSON = "json";

  private LegacyFormatFields() {}

  /** Fills the legacy fields of {@code builder} when {@code data}'s format has them. */
  static void write(DataDescription data, DataLocation.Builder builder) {
    switch (data.format()) {
      case CSV -> builder.setFormat(Format.FORMAT_CSV).setCsv(csvMessage(data.options()));
      case JSONL -> builder.setFormat(Format.FORMAT_JSONL);
      case JSON -> builder.setFormat(Format.FORMAT_JSON);
      default -> {
        // A format the legacy fields cannot express: only format_name describes it.
      }
    }
  }

  /**
   * The format named by the legacy enum, or empty for FORMAT_UNSPECIFIED (detect it from the
   * location).
   */
  static Optional<String> formatName(String field, Format format) {
    return switch (format) {
      case FORMAT_CSV -> Optional.of(CSV);
      case FORMAT_JSONL -> Optional.of(JSONL);
      case FORMAT_JSON -> Optional.of(JSON);
      case FORMAT_UNSPECIFIED -> Optional.empty();
      case UNRECOGNIZED ->
          throw new IllegalArgumentException(field + ".format is not a known format");
    };
  }

  /**
   * The options of a legacy message of format {@code format}: CSV's from its message, else none.
   */
  static FormatOptions options(String format, DataLocation data) {
    if (!format.equals(CSV)) {
      return FormatOptions.none();
    }
    CsvOptions csv = data.getCsv();
    Map<String, String> options = new LinkedHashMap<>();
    if (!csv.getDelimiter().isEmpty()) {
      options.put("delimiter", csv.getDelimiter());
    }
    if (!csv.getQuote().isEmpty()) {
      options.put("quote", csv.getQuote());
    }
    if (csv.hasHeader()) {
      options.put("header", String.valueOf(csv.getHeader()));
    }
    if (csv.getColumnsCount() > 0) {
      options.put("columns", FormatOptions.list(csv.getColumnsList()));
    }
    if (!csv.getCharset().isBlank()) {
      options.put("charset", csv.getCharset());
    }
    if (csv.getMaxFieldBytes() > 0) {
      options.put("max_field_bytes", String.valueOf(csv.getMaxFieldBytes()));
    }
    if (csv.getMaxRecordBytes() > 0) {
      options.put("max_record_bytes", String.valueOf(csv.getMaxRecordBytes()));
    }
    return FormatOptions.of(options);
  }

  /** The CSV message of generic CSV options; unset options stay unset (the defaults). */
  private static CsvOptions csvMessage(FormatOptions options) {
    CsvOptions.Builder csv = CsvOptions.newBuilder();
    options.get("delimiter").ifPresent(csv::setDelimiter);
    options.get("quote").ifPresent(csv::setQuote);
    options.get("header").ifPresent(header -> csv.setHeader(Boolean.parseBoolean(header)));
    options.getList("columns").ifPresent(csv::addAllColumns);
    options.get("charset").ifPresent(csv::setCharset);
    options.get("max_field_bytes").ifPresent(bytes -> csv.setMaxFieldBytes(Long.parseLong(bytes)));
    options
        .get("max_record_bytes")
        .ifPresent(bytes -> csv.setMaxRecordBytes(Long.parseLong(bytes)));
    return csv.build();
  }
}
