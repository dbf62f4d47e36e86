package io.zoopipe.format.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.common.adapter.RecordRejectedException;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.validation.Violation;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns records into CSV lines against a given column list: maps by key, Java records by component
 * (cached accessors, {@code @JsonProperty} names), {@link ErrorRow}s in their flat form ({@link
 * ErrorRow#flat}), and other objects through Jackson as maps. A column the record lacks is written
 * empty; a key the column list lacks is never dropped silently: against the output's fixed header
 * the record is rejected ({@link RecordRejectedException}), an error record keeps its whole raw
 * record as JSON in its raw text instead, and a provisional encoding says it left keys out.
 * Thread-safe.
 *
 * <p>Values: null is an empty field; strings, numbers, booleans and JDK value types (dates, UUIDs)
 * are written as text; maps, collections, arrays, records and other objects nested in a record are
 * written as JSON text. A field is quoted only when it holds the delimiter, the quote, CR or LF (or
 * when it is the empty only field of a line, which would otherwise read back as a blank line).
 */
final class CsvRecordEncoder {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, @Nullable Object>> MAP_TYPE =
      new TypeReference<>() {};

  private final CsvOptions options;
  private final byte delimiter;
  private final byte quote;
  private final List<String> inputColumns;
  private final boolean utf8;

  CsvRecordEncoder(CsvOptions options, List<String> inputColumns) {
    this.options = options;
    this.delimiter = (byte) options.delimiter();
    this.quote = (byte) options.quote();
    this.inputColumns = List.copyOf(inputColumns);
    this.utf8 = options.charset().equals(StandardCharsets.UTF_8);
  }

  /** The columns {@code record} would be written with when it is the first one. */
  List<String> columnsOf(Object record) {
    if (record instanceof ErrorRow row) {
      return new ArrayList<>(row.flat(inputColumns).keySet());
    }
    if (record instanceof Map<?, ?> map) {
      List<String> keys = new ArrayList<>(map.size());
      map.keySet().forEach(key -> keys.add(String.valueOf(key)));
      return keys;
    }
    if (record.getClass().isRecord()) {
      return RecordShape.of(record.getClass()).names();
    }
    return new ArrayList<>(beanMap(record).keySet());
  }

  /** The header line for {@code columns}. */
  byte[] header(List<String> columns) {
    Line line = new Line(64);
    line.values(new ArrayList<@Nullable Object>(columns), columns);
    return line.toBytes();
  }

  /**
   * Every record as one line, its values in {@code columns} order.
   *
   * @param strict whether {@code columns} is the output's fixed header: a record with a key (or
   *     component) outside it then throws {@link RecordRejectedException} naming the keys; else
   *     such keys are left out and the result says so ({@link Lines#lossless})
   */
  Lines encode(List<?> records, List<String> columns, boolean strict) {
    Line line = new Line(Math.max(256, records.size() * 16 * Math.max(1, columns.size())));
    boolean lossless = true;
    for (Object record : records) {
      List<@Nullable Object> values = valuesOf(record, columns);
      if (values.size() > columns.size()) {
        // valuesOf appends the keys the columns lack after the values: see unknownKeys.
        if (strict) {
          throw new RecordRejectedException(
              unknownKeys(values.subList(columns.size(), values.size()), columns));
        }
        lossless = false;
        values = values.subList(0, columns.size());
      }
      line.values(values, columns);
    }
    return new Lines(line.toBytes(), lossless);
  }

  /** Encoded lines, and whether every key of every record had a column. */
  record Lines(byte[] bytes, boolean lossless) {}

  private static Violation unknownKeys(List<@Nullable Object> keys, List<String> columns) {
    List<String> names = new ArrayList<>(keys.size());
    keys.forEach(key -> names.add(String.valueOf(key)));
    return new Violation(
        String.join(",", names),
        (names.size() == 1 ? "key " : "keys ")
            + String.join(", ", names)
            + (names.size() == 1 ? " is" : " are")
            + " not in the CSV output's header "
            + columns
            + "; name every output column up front (--output-columns) to keep "
            + (names.size() == 1 ? "it" : "them"),
        Violation.OUTPUT);
  }

  /**
   * The values of {@code record} in {@code columns} order, followed by the names of its keys that
   * {@code columns} lacks (none for an error record: those keep the record's raw text instead).
   */
  private List<@Nullable Object> valuesOf(Object record, List<String> columns) {
    if (record instanceof ErrorRow row) {
      return errorValues(row, columns);
    }
    if (record instanceof Map<?, ?> map) {
      return fromMap(map, columns);
    }
    if (record.getClass().isRecord()) {
      RecordShape shape = RecordShape.of(record.getClass());
      List<@Nullable Object> values = new ArrayList<>(columns.size());
      if (columns == shape.names() || columns.equals(shape.names())) {
        for (int i = 0; i < shape.size(); i++) {
          values.add(shape.value(record, i));
        }
      } else {
        int found = 0;
        for (String column : columns) {
          int index = shape.indexOf(column);
          values.add(index < 0 ? null : shape.value(record, index));
          found += index < 0 ? 0 : 1;
        }
        if (found < shape.size()) {
          for (String name : shape.names()) {
            if (!columns.contains(name)) {
              values.add(name);
            }
          }
        }
      }
      return values;
    }
    return fromMap(beanMap(record), columns);
  }

  private static List<@Nullable Object> fromMap(Map<?, ?> map, List<String> columns) {
    List<@Nullable Object> values = new ArrayList<>(columns.size());
    int found = 0;
    for (String column : columns) {
      Object value = map.get(column);
      values.add(value);
      if (value != null || map.containsKey(column)) {
        found++;
      }
    }
    if (found < map.size()) {
      for (Object key : map.keySet()) {
        if (!columns.contains(String.valueOf(key))) {
          values.add(String.valueOf(key));
        }
      }
    }
    return values;
  }

  /**
   * An error record's flat values; when its raw columns do not all fit the header, its raw text
   * holds the whole raw record as JSON, so that nothing it read is lost.
   */
  private List<@Nullable Object> errorValues(ErrorRow row, List<String> columns) {
    Map<String, @Nullable Object> flat = row.flat(inputColumns);
    List<@Nullable Object> values = fromMap(flat, columns);
    if (values.size() == columns.size()) {
      return values;
    }
    int rawText = columns.indexOf(ErrorRow.FLAT_COLUMNS.get(3));
    List<@Nullable Object> kept = new ArrayList<>(values.subList(0, columns.size()));
    if (rawText >= 0 && row.rawText() == null) {
      kept.set(rawText, text(row.raw()));
    }
    return kept;
  }

  private static Map<String, @Nullable Object> beanMap(Object record) {
    try {
      return MAPPER.convertValue(record, MAP_TYPE);
    } catch (IllegalArgumentException e) {
      throw new PipelineException(
          ErrorKind.INVALID_CONFIGURATION,
          "cannot write a " + record.getClass().getName() + " as a CSV row: " + e.getMessage(),
          e);
    }
  }

  /** The text of a value, or null for an empty field. */
  static @Nullable String text(@Nullable Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof BigDecimal decimal) {
      // Plain notation, unless that would spell out more digits than the value has by far
      // (1E+999999 is not written as a million zeros).
      return Math.abs((long) decimal.scale()) <= PLAIN_SCALE_LIMIT
          ? decimal.toPlainString()
          : decimal.toString();
    }
    if (value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof CharSequence
        || value instanceof Enum<?>
        || value instanceof TemporalAccessor
        || value instanceof UUID) {
      return value.toString();
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new PipelineException(
          ErrorKind.INVALID_CONFIGURATION,
          "cannot write a " + value.getClass().getName() + " value as JSON text: " + e.getMessage(),
          e);
    }
  }

  private static final int PLAIN_SCALE_LIMIT = 1000;

  private static final int QUOTED = 1;

  private static final int NOT_ASCII = 2;

  private static final int SURROGATE = 4;

  /** Bytes of the lines being encoded by one call. Not thread-safe. */
  private final class Line {
    private byte[] bytes;
    private int length;
    private @Nullable CharsetEncoder encoder;

    Line(int capacity) {
      bytes = new byte[capacity];
    }

    void values(List<@Nullable Object> values, List<String> columns) {
      boolean only = values.size() == 1;
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          put(delimiter);
        }
        field(text(values.get(i)), columns.get(i), only);
      }
      put((byte) '\n');
    }

    private void field(@Nullable String text, String column, boolean only) {
      if (text == null || text.isEmpty()) {
        if (only) {
          put(quote);
          put(quote);
        }
        return;
      }
      int n = text.length();
      // Loops live in helpers of their own: the JIT compiles each once, not once more for every
      // loop it finds hot inside this method (on-stack replacement).
      int kind = kind(text, options.quote(), options.delimiter());
      boolean quoted = (kind & QUOTED) != 0;
      if (quoted) {
        put(quote);
      }
      if ((kind & NOT_ASCII) == 0) {
        ensure(2 * n);
        length = copyAscii(text, quoted ? options.quote() : -1, bytes, length);
      } else {
        // UTF-8 holds every string without a lone surrogate, so String's own (much faster)
        // encoder is exact there; otherwise the strict encoder says which value cannot be held.
        byte[] encoded =
            utf8 && (kind & SURROGATE) == 0
                ? text.getBytes(StandardCharsets.UTF_8)
                : encode(text, column);
        ensure(2 * encoded.length);
        length = copyBytes(encoded, quoted, quote, bytes, length);
      }
      if (quoted) {
        put(quote);
      }
    }

    /**
     * {@link #QUOTED} if {@code text} needs quotes, plus {@link #NOT_ASCII} if it is not ASCII,
     * plus {@link #SURROGATE} if it has a surrogate character.
     */
    private static int kind(String text, char quoteChar, char delimiterChar) {
      int kind = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          kind |= Character.isSurrogate(c) ? NOT_ASCII | SURROGATE : NOT_ASCII;
        } else if (c == delimiterChar || c == quoteChar || c == '\n' || c == '\r') {
          kind |= QUOTED;
        }
      }
      return kind;
    }

    /** Copies ASCII {@code text} to {@code to[at]}, doubling {@code doubled}; returns the end. */
    private static int copyAscii(String text, int doubled, byte[] to, int at) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == doubled) {
          to[at++] = (byte) c;
        }
        to[at++] = (byte) c;
      }
      return at;
    }

    /** Copies {@code from} to {@code to[at]}, doubling quotes if quoted; returns the end. */
    private static int copyBytes(byte[] from, boolean quoted, byte quote, byte[] to, int at) {
      for (byte b : from) {
        if (quoted && b == quote) {
          to[at++] = b;
        }
        to[at++] = b;
      }
      return at;
    }

    private byte[] encode(String text, String column) {
      CharsetEncoder strict = encoder;
      if (strict == null) {
        strict =
            options
                .charset()
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        encoder = strict;
      }
      try {
        ByteBuffer buffer = strict.encode(CharBuffer.wrap(text));
        byte[] encoded = new byte[buffer.remaining()];
        buffer.get(encoded);
        return encoded;
      } catch (CharacterCodingException e) {
        throw new PipelineException(
            ErrorKind.INVALID_CONFIGURATION,
            "the value of column '"
                + column
                + "' cannot be written in "
                + options.charset().name()
                + ": "
                + (text.length() > 80 ? text.substring(0, 80) + "..." : text),
            e);
      }
    }

    private void put(byte b) {
      ensure(1);
      bytes[length++] = b;
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
      }
    }

    byte[] toBytes() {
      return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
  }
}
