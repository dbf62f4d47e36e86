package io.zoopipe.format.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.ErrorRow;
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
 * empty; a key the column list lacks is dropped. Thread-safe.
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

  /** Every record as one line, its values in {@code columns} order. */
  byte[] encode(List<?> records, List<String> columns) {
    Line line = new Line(Math.max(256, records.size() * 16 * Math.max(1, columns.size())));
    for (Object record : records) {
      line.values(valuesOf(record, columns), columns);
    }
    return line.toBytes();
  }

  private List<@Nullable Object> valuesOf(Object record, List<String> columns) {
    if (record instanceof ErrorRow row) {
      return fromMap(row.flat(inputColumns), columns);
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
        for (String column : columns) {
          int index = shape.indexOf(column);
          values.add(index < 0 ? null : shape.value(record, index));
        }
      }
      return values;
    }
    return fromMap(beanMap(record), columns);
  }

  private static List<@Nullable Object> fromMap(Map<?, ?> map, List<String> columns) {
    List<@Nullable Object> values = new ArrayList<>(columns.size());
    for (String column : columns) {
      values.add(map.get(column));
    }
    return values;
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
      return decimal.toPlainString();
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
