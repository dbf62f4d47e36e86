package io.zoopipe.format.json;

import io.zoopipe.common.io.Compression;
import java.util.Locale;

/**
 * How JSON records are framed in a file. Every format accepts a UTF-8 byte-order mark at the start.
 *
 * <ul>
 *   <li>{@link #JSONL}: JSON Lines (NDJSON), one object per line; blank lines are skipped. The only
 *       splittable format: a JSON string cannot hold a raw newline, so a line start is always a
 *       record start.
 *   <li>{@link #ARRAY}: one top-level array of objects, read as a stream, one element at a time.
 *   <li>{@link #CONCATENATED} (input only): values one after another, separated by any whitespace
 *       or none; pretty-printed objects and JSON Lines both qualify.
 *   <li>{@link #AUTO} (input only): {@link #ARRAY} if the first byte that is not whitespace is
 *       {@code '['}, else {@link #CONCATENATED}. Decided when the input is opened.
 * </ul>
 */
public enum JsonFormat {
  JSONL,
  ARRAY,
  CONCATENATED,
  AUTO;

  /**
   * The format to read a file in, from its name without a compression extension: {@code .jsonl},
   * {@code .ndjson} and {@code .jsonlines} are {@link #JSONL}; anything else is {@link #AUTO}.
   */
  public static JsonFormat forInput(String fileName) {
    return isJsonLinesName(fileName) ? JSONL : AUTO;
  }

  /**
   * The format to write a file in, from its name without a compression extension: {@code .jsonl},
   * {@code .ndjson} and {@code .jsonlines} are {@link #JSONL}; anything else is {@link #ARRAY}.
   */
  public static JsonFormat forOutput(String fileName) {
    return isJsonLinesName(fileName) ? JSONL : ARRAY;
  }

  /** Whether an output can be written in this format ({@link #JSONL} and {@link #ARRAY}). */
  public boolean isWritable() {
    return switch (this) {
      case JSONL, ARRAY -> true;
      case CONCATENATED, AUTO -> false;
    };
  }

  private static boolean isJsonLinesName(String fileName) {
    String name = Compression.stripExtension(fileName).toLowerCase(Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".jsonlines");
  }
}
