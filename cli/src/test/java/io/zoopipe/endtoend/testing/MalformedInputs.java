package io.zoopipe.endtoend.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates malformed CSV and JSON Lines inputs for fuzz tests: a well-formed file of a few to a
 * few thousand records, damaged by a random choice of {@link Mutation}s. Variant {@code i} of a
 * seed depends on nothing else, so one variant can be regenerated alone. Stateless; thread-safe.
 */
public final class MalformedInputs {
  /** The columns of generated CSV files and the keys of generated JSON objects. */
  public static final List<String> COLUMNS = List.of("id", "name", "note", "amount");

  private static final String[] WORDS = {
    "plain", "héllo", "日本語", "emoji 🎉", "a,b", "say \"hi\"", "line\nbreak", "crlf\r\nend", "", "x"
  };
  private static final String[] HUGE_NUMBERS = {
    "1e999999", "-1E-999999", "123456789012345678901234567890123456789", "9223372036854775808",
    "-0", "1.0000000000000000000000000001", "0e0", "1e400"
  };
  private static final byte[][] BAD_UTF8 = {
    {(byte) 0xFF},
    {(byte) 0xC3, 0x28},
    {(byte) 0xE2, (byte) 0x82},
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    {(byte) 0xC0, (byte) 0xAF},
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}
  };

  private final long seed;

  /** Generates the variants of {@code seed}. */
  public MalformedInputs(long seed) {
    this.seed = seed;
  }

  /**
   * A generated input: its format ({@code csv} or {@code jsonl}), how it was damaged, its bytes.
   */
  public record Variant(int index, String format, List<String> mutations, byte[] bytes) {
    public Variant {
      mutations = List.copyOf(mutations);
    }

    /** The input's file extension. */
    public String extension() {
      return format;
    }
  }

  /** Variant {@code index}: up to 40 records, one to three mutations. */
  public Variant small(int index) {
    SplittableRandom random = random(index);
    String format = random.nextBoolean() ? "csv" : "jsonl";
    int rows = random.nextInt(41);
    return damage(index, format, rows, 1 + random.nextInt(3), random, false);
  }

  /**
   * Variant {@code index} in {@code format}: {@code rows} records with about one mutation each 50,
   * all local ones (no truncation, line end or byte order mark changes), so most records survive.
   */
  public Variant large(int index, String format, int rows) {
    SplittableRandom random = random(index);
    return damage(index, format, rows, Math.max(1, rows / 50), random, true);
  }

  /** The random numbers of variant {@code index}; {@code stream} 0 makes its bytes. */
  public SplittableRandom random(int index, int stream) {
    return new SplittableRandom((seed * 0x9E3779B97F4A7C15L + index) * 31 + stream);
  }

  private SplittableRandom random(int index) {
    return random(index, 0);
  }

  private static Variant damage(
      int index, String format, int rows, int count, SplittableRandom random, boolean local) {
    boolean csv = format.equals("csv");
    byte[] bytes = csv ? csv(rows, random) : jsonLines(rows, random);
    List<String> applied = new ArrayList<>();
    Mutation[] mutations = Mutation.values();
    for (int i = 0; i < count; i++) {
      Mutation mutation = mutations[random.nextInt(mutations.length)];
      if (!mutation.appliesTo(format) || (local && mutation.wholeFile())) {
        continue;
      }
      bytes = mutation.apply(bytes, format, random);
      applied.add(mutation.name().toLowerCase(java.util.Locale.ROOT));
    }
    return new Variant(index, format, applied, bytes);
  }

  private static byte[] csv(int rows, SplittableRandom random) {
    StringBuilder text = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (int i = 0; i < rows; i++) {
      text.append(i)
          .append(',')
          .append(csvField(word(random)))
          .append(',')
          .append(csvField(word(random) + word(random)))
          .append(',')
          .append(random.nextInt(1000) - 100)
          .append(random.nextInt(4) == 0 ? "\r\n" : "\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] jsonLines(int rows, SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      text.append("{\"id\":")
          .append(i)
          .append(",\"name\":")
          .append(jsonString(word(random)))
          .append(",\"note\":")
          .append(jsonString(word(random) + word(random)))
          .append(",\"amount\":")
          .append(random.nextInt(1000) - 100)
          .append(random.nextInt(4) == 0 ? "}\r\n" : "}\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String word(SplittableRandom random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  static String hugeNumber(SplittableRandom random) {
    return HUGE_NUMBERS[random.nextInt(HUGE_NUMBERS.length)];
  }

  static byte[] badUtf8(SplittableRandom random) {
    return BAD_UTF8[random.nextInt(BAD_UTF8.length)];
  }

  static String csvField(String value) {
    boolean quote =
        value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  static String jsonString(String value) {
    return "\""
        + value
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        + "\"";
  }

  /** {@code bytes} with {@code inserted} at {@code position}. */
  static byte[] insert(byte[] bytes, int position, byte[] inserted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
    out.write(bytes, 0, position);
    out.write(inserted, 0, inserted.length);
    out.write(bytes, position, bytes.length - position);
    return out.toByteArray();
  }

  /** The offset just after a random line feed, or 0 (the start of a record). */
  static int lineStart(byte[] bytes, SplittableRandom random) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        starts.add(i + 1);
      }
    }
    // Not the header: the line after it, at least, when there is one.
    int first = starts.size() > 1 ? 1 : 0;
    return starts.get(first + random.nextInt(starts.size() - first));
  }

  /** {@code text}, printable: non-ASCII and control bytes as {@code \xNN}; at most {@code max}. */
  public static String preview(byte[] bytes, int max) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, max); i++) {
      int b = bytes[i] & 0xFF;
      if (b == '\n') {
        text.append("\\n");
      } else if (b >= 0x20 && b < 0x7F && b != '\\') {
        text.append((char) b);
      } else {
        text.append(String.format("\\x%02X", b));
      }
    }
    return bytes.length > max ? text + "... (" + bytes.length + " bytes)" : text.toString();
  }
}
