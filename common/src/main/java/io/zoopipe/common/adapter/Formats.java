package io.zoopipe.common.adapter;

import io.zoopipe.common.adapter.csv.CsvInputAdapter;
import io.zoopipe.common.adapter.csv.CsvOptions;
import io.zoopipe.common.adapter.csv.CsvOutputAdapter;
import io.zoopipe.common.adapter.json.JsonFormat;
import io.zoopipe.common.adapter.json.JsonInputAdapter;
import io.zoopipe.common.adapter.json.JsonOutputAdapter;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import java.util.Locale;

/**
 * Chooses adapters for a location by format: explicitly named, or from the file extension once
 * {@code .gz}/{@code .zst} is stripped ({@code .csv}, {@code .tsv}, {@code .jsonl}/{@code .ndjson},
 * {@code .json}).
 */
public final class Formats {
  private Formats() {}

  /** The file formats of the CLI and the wire contract. */
  public enum Format {
    /** Delimited text; {@link CsvOptions} says how. */
    CSV,
    /** JSON Lines / NDJSON: one object per line. */
    JSONL,
    /** JSON: reads a top-level array or concatenated values; writes one array. */
    JSON
  }

  /**
   * Parses {@code csv}, {@code tsv} (CSV with tabs: see {@link #isTsv}), {@code jsonl}, {@code
   * json}.
   */
  public static Format parse(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "csv", "tsv" -> Format.CSV;
      case "jsonl", "ndjson" -> Format.JSONL;
      case "json" -> Format.JSON;
      default ->
          throw new IllegalArgumentException(
              "unknown format '" + name + "'; expected csv, jsonl or json");
    };
  }

  /** The format a file name's extension implies. */
  public static Format detect(String fileName) {
    String name = Compression.stripExtension(fileName).toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
      return Format.CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".jsonlines")) {
      return Format.JSONL;
    }
    if (name.endsWith(".json")) {
      return Format.JSON;
    }
    throw new IllegalArgumentException(
        "cannot tell the format of '"
            + fileName
            + "' from its extension (.csv, .tsv, .jsonl, .ndjson, .json, optionally .gz or"
            + " .zst); name it with a format option");
  }

  /** Whether the name says tab-separated ({@code .tsv}, also compressed). */
  public static boolean isTsv(String fileName) {
    return Compression.stripExtension(fileName).toLowerCase(Locale.ROOT).endsWith(".tsv");
  }

  public static InputAdapter input(Location location, Format format, CsvOptions csv) {
    return switch (format) {
      case CSV -> new CsvInputAdapter(location, csv);
      case JSONL -> new JsonInputAdapter(location, JsonFormat.JSONL);
      case JSON -> new JsonInputAdapter(location, JsonFormat.AUTO);
    };
  }

  public static OutputAdapter output(Location location, Format format, CsvOptions csv) {
    return switch (format) {
      case CSV -> new CsvOutputAdapter(location, csv);
      case JSONL -> new JsonOutputAdapter(location, JsonFormat.JSONL);
      case JSON -> new JsonOutputAdapter(location, JsonFormat.ARRAY);
    };
  }
}
