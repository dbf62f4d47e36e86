package io.zoopipe.format.csv;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.zoopipe.common.adapter.CompactJsonSink;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The raw data of one CSV row: values in an array indexed by the reader's shared {@link
 * CsvColumns}, so a row costs one small array rather than a hash map. Iterates the materialised
 * columns in input order, then any keys added with {@link #put}.
 *
 * <p>A column that the input has but that was pruned (nobody asked for it) cannot be read: {@link
 * #get} and {@link #containsKey} throw {@link IllegalStateException}, because a quiet null would
 * look like missing data. Writing a pruned column is allowed and makes it present. Not thread-safe.
 *
 * <p>Jackson writes it with {@link JsonWriter}: the same JSON object as for any map with these
 * entries, without the generic map serializer's per-entry lookups.
 */
@JsonSerialize(using = CsvRow.JsonWriter.class)
final class CsvRow extends AbstractMap<String, Object> {
  /** Marks a column the reader did not decode. */
  static final Object PRUNED = new Object();

  /**
   * The serializer attribute with which a JSON writer says that its generator writes compact UTF-8
   * JSON with zoopipe's settings (no pretty printer, Jackson's default escaping, surrogate pairs
   * combined): rows may then write themselves whole from their bytes ({@link CsvRowJson}).
   */
  static final String PLAIN_UTF8_JSON = CompactJsonSink.PLAIN_UTF8_ATTRIBUTE;

  /**
   * Marks a column not decoded yet: reading it decodes every such column of the row (what the row
   * holds is then what decoding every column would have given).
   */
  static final Object LAZY = new Object();

  /** Marks a column removed by {@link #remove}. */
  private static final Object REMOVED = new Object();

  private final CsvColumns columns;
  private final @Nullable Object[] values;
  private @Nullable Map<String, @Nullable Object> added;
  private final @Nullable CsvRawFields rawFields;
  private final int rawBase;
  private final @Nullable CsvRawBatch batch;
  private final int record;
  // Whether some column may still be LAZY (then batch is not null).
  private boolean lazy;

  /**
   * Takes {@code values} by reference: one slot per column, {@link #PRUNED} where not decoded,
   * {@link #LAZY} where record {@code record} of {@code batch} (not null then) decodes it when
   * first read. With {@code rawFields}, the decoded values' UTF-8 bytes are there at {@code
   * rawBase}: JSON output copies the bytes of values not changed since.
   */
  CsvRow(
      CsvColumns columns,
      @Nullable Object[] values,
      @Nullable CsvRawFields rawFields,
      int rawBase,
      @Nullable CsvRawBatch batch,
      int record) {
    this.columns = columns;
    this.values = values;
    this.rawFields = rawFields;
    this.rawBase = rawBase;
    this.batch = batch;
    this.record = record;
    this.lazy = batch != null;
  }

  /** Where the values' bytes are, or null when this row writes its strings (for tests). */
  @Nullable CsvRawFields rawFields() {
    return rawFields;
  }

  /** Whether some column is not decoded yet, for tests. */
  boolean undecoded() {
    return lazy;
  }

  /** Decodes the columns not decoded yet ({@link #LAZY}). */
  private void decodeRest() {
    CsvRawBatch source = batch;
    if (lazy && source != null) {
      source.decodeRest(record, values);
      lazy = false;
    }
  }

  private void changed(int index) {
    if (rawFields != null) {
      rawFields.invalidate(rawBase, index);
    }
  }

  @Override
  public @Nullable Object get(@Nullable Object key) {
    int index = key == null ? -1 : columns.indexOf(key);
    if (index < 0) {
      return added == null ? null : added.get(key);
    }
    Object value = values[index];
    if (value == LAZY) {
      decodeRest();
      value = values[index];
    }
    if (value == PRUNED) {
      throw pruned(index);
    }
    return value == REMOVED ? null : value;
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    int index = key == null ? -1 : columns.indexOf(key);
    if (index < 0) {
      return added != null && added.containsKey(key);
    }
    if (values[index] == PRUNED) {
      throw pruned(index);
    }
    return values[index] != REMOVED; // a LAZY column is present
  }

  @Override
  public @Nullable Object put(String key, @Nullable Object value) {
    int index = columns.indexOf(key);
    if (index < 0) {
      if (added == null) {
        added = new LinkedHashMap<>();
      }
      return added.put(key, value);
    }
    if (values[index] == LAZY) {
      decodeRest(); // for the value it returns
    }
    Object old = values[index];
    values[index] = value;
    changed(index);
    return old == PRUNED || old == REMOVED ? null : old;
  }

  @Override
  public @Nullable Object remove(@Nullable Object key) {
    int index = key == null ? -1 : columns.indexOf(key);
    if (index < 0) {
      return added == null ? null : added.remove(key);
    }
    if (values[index] == LAZY) {
      decodeRest(); // for the value it returns
    }
    Object old = values[index];
    if (old == PRUNED) {
      throw pruned(index);
    }
    values[index] = REMOVED;
    changed(index);
    return old == REMOVED ? null : old;
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        decodeRest();
        return new Entries();
      }

      @Override
      public int size() {
        int size = added == null ? 0 : added.size();
        for (Object value : values) {
          if (value != PRUNED && value != REMOVED) {
            size++;
          }
        }
        return size;
      }
    };
  }

  /**
   * Writes the row as one raw JSON object from its values' bytes, if every present value has usable
   * bytes and a plain name; returns false (having written nothing) otherwise.
   */
  private boolean writeRawObject(JsonGenerator generator) throws IOException {
    CsvRawFields raw = rawFields;
    if (raw == null || added != null) {
      return false;
    }
    int[] bounds = raw.bounds();
    int capacity = 2;
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value == PRUNED || value == REMOVED) {
        continue;
      }
      int slot = raw.slot(i);
      byte[] member = columns.jsonMember(i);
      if (slot < 0 || member == null || bounds[rawBase + 2 * slot] < 0) {
        return false;
      }
      int start = bounds[rawBase + 2 * slot];
      int end = bounds[rawBase + 2 * slot + 1];
      capacity += member.length + 3 + 6 * ((end < 0 ? ~end : end) - start);
    }
    CsvRowJson json = CsvRowJson.forRow(capacity);
    byte[] data = raw.data();
    json.put((byte) '{');
    boolean first = true;
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value == PRUNED || value == REMOVED) {
        continue;
      }
      if (!first) {
        json.put((byte) ',');
      }
      first = false;
      int at = rawBase + 2 * raw.slot(i);
      int start = bounds[at];
      int end = bounds[at + 1];
      json.put(requireNonNull(columns.jsonMember(i), "checked by the loop above"));
      json.put((byte) '"');
      json.putEscaped(data, start, end < 0 ? ~end : end, end < 0, raw.quote());
      json.put((byte) '"');
    }
    json.put((byte) '}');
    generator.writeRawValue(json);
    return true;
  }

  /** Writes the entries as the members of a JSON object, in iteration order. */
  private void writeMembers(JsonGenerator generator, SerializerProvider provider)
      throws IOException {
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value == PRUNED || value == REMOVED) {
        continue;
      }
      SerializedString name = columns.jsonName(i);
      if (name != null) {
        generator.writeFieldName(name);
      } else {
        generator.writeFieldName(columns.name(i));
      }
      if (!writeRawValue(i, generator)) {
        writeValue(value, generator, provider);
      }
    }
    if (added != null) {
      for (Map.Entry<String, @Nullable Object> entry : added.entrySet()) {
        String key = entry.getKey();
        if (key == null) {
          provider
              .findNullKeySerializer(provider.constructType(Object.class), null)
              .serialize(null, generator, provider);
        } else {
          generator.writeFieldName(key);
        }
        writeValue(entry.getValue(), generator, provider);
      }
    }
  }

  /**
   * Writes the value of column {@code index} from its UTF-8 bytes, if it has them and was not
   * changed: Jackson escapes them exactly as it escapes the string they decode to.
   */
  private boolean writeRawValue(int index, JsonGenerator generator) throws IOException {
    CsvRawFields raw = rawFields;
    if (raw == null
        || generator.getCharacterEscapes() != null
        || generator.getHighestEscapedChar() != 0) {
      return false;
    }
    int slot = raw.slot(index);
    if (slot < 0) {
      return false;
    }
    int[] bounds = raw.bounds();
    int at = rawBase + 2 * slot;
    int start = bounds[at];
    if (start < 0) {
      return false;
    }
    int end = bounds[at + 1];
    byte[] data = raw.data();
    if (end >= 0) {
      generator.writeUTF8String(data, start, end - start);
      return true;
    }
    // Quoted content with doubled quotes: keep one quote of each pair.
    end = ~end;
    byte quote = raw.quote();
    byte[] text = new byte[end - start];
    int length = 0;
    int from = start;
    while (from < end) {
      int quoteAt = CsvRecordDecoder.indexOf(raw.quotes(), quote, data, from, end);
      int run = Math.min(quoteAt + 1, end) - from; // up to and including the quote
      System.arraycopy(data, from, text, length, run);
      length += run;
      from = quoteAt + 2; // past the second quote of the pair
    }
    generator.writeUTF8String(text, 0, length);
    return true;
  }

  private static void writeValue(
      @Nullable Object value, JsonGenerator generator, SerializerProvider provider)
      throws IOException {
    if (value instanceof String string) {
      generator.writeString(string);
    } else if (value == null) {
      provider.defaultSerializeNull(generator);
    } else {
      provider.defaultSerializeValue(value, generator);
    }
  }

  private IllegalStateException pruned(int index) {
    return new IllegalStateException(
        "column '"
            + columns.name(index)
            + "' was not decoded: it was pruned because no stage asked for it; list it in a"
            + " hook's requiredColumns() (or read Entry.fullRawData() for error reporting)");
  }

  /** Iterates the present columns in input order, then the added keys. */
  private final class Entries implements Iterator<Map.Entry<String, Object>> {
    private int index = advance(0);
    private @Nullable Iterator<Map.Entry<String, @Nullable Object>> addedEntries;

    private int advance(int from) {
      int i = from;
      while (i < values.length && (values[i] == PRUNED || values[i] == REMOVED)) {
        i++;
      }
      return i;
    }

    @Override
    public boolean hasNext() {
      if (index < values.length) {
        return true;
      }
      if (addedEntries == null && added != null) {
        addedEntries = added.entrySet().iterator();
      }
      return addedEntries != null && addedEntries.hasNext();
    }

    @Override
    @SuppressWarnings("NullAway") // values are nullable; Map.Entry<String, Object> cannot say so
    public Map.Entry<String, Object> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (index < values.length) {
        int current = index;
        index = advance(index + 1);
        return new ColumnEntry(current);
      }
      Map.Entry<String, @Nullable Object> entry = addedEntries.next();
      return new AbstractMap.SimpleEntry<>(entry.getKey(), entry.getValue());
    }
  }

  /** A live view of one column: {@code setValue} writes through. */
  private final class ColumnEntry implements Map.Entry<String, Object> {
    private final int index;

    ColumnEntry(int index) {
      this.index = index;
    }

    @Override
    public String getKey() {
      return columns.name(index);
    }

    @Override
    @SuppressWarnings("NullAway")
    public Object getValue() {
      return values[index];
    }

    @Override
    @SuppressWarnings("NullAway")
    public Object setValue(Object value) {
      Object old = values[index];
      values[index] = value;
      changed(index);
      return old;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Map.Entry<?, ?> entry
          && getKey().equals(entry.getKey())
          && Objects.equals(getValue(), entry.getValue());
    }

    @Override
    public int hashCode() {
      return getKey().hashCode() ^ Objects.hashCode(getValue());
    }

    @Override
    public String toString() {
      return getKey() + "=" + getValue();
    }
  }

  /** Jackson's serializer for rows: a JSON object of the present entries. Stateless. */
  static final class JsonWriter extends StdSerializer<CsvRow> {
    private static final long serialVersionUID = 1L;

    JsonWriter() {
      super(CsvRow.class);
    }

    @Override
    public void serialize(CsvRow row, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      row.decodeRest();
      if (Boolean.TRUE.equals(provider.getAttribute(PLAIN_UTF8_JSON))
          && row.writeRawObject(generator)) {
        return;
      }
      generator.writeStartObject(row);
      row.writeMembers(generator, provider);
      generator.writeEndObject();
    }

    @Override
    public void serializeWithType(
        CsvRow row,
        JsonGenerator generator,
        SerializerProvider provider,
        TypeSerializer typeSerializer)
        throws IOException {
      row.decodeRest();
      generator.assignCurrentValue(row);
      WritableTypeId typeId =
          typeSerializer.writeTypePrefix(
              generator, typeSerializer.typeId(row, JsonToken.START_OBJECT));
      row.writeMembers(generator, provider);
      typeSerializer.writeTypeSuffix(generator, typeId);
    }
  }
}
