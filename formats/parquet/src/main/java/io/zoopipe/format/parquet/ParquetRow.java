package io.zoopipe.format.parquet;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One Parquet record (or group) as a map of its fields, in schema order: the values in an array
 * indexed by the field names that every record of the group shares, so that a record costs one
 * small array where a {@code LinkedHashMap} cost an entry object per field and a table. Between a
 * reader and a slow writer thousands of records are in memory at once; as hash maps they were more
 * than a third of all a Parquet read allocated, and much of what lived long enough to be promoted.
 *
 * <p>It behaves as a {@code LinkedHashMap} holding every field (an absent optional value is a null
 * member): {@link #put} of a field replaces its value in place, of another key appends it, and
 * {@link #remove} takes the key out. Equal to any map with the same entries. Not thread-safe.
 */
final class ParquetRow extends AbstractMap<String, Object> {
  /** Marks a field removed by {@link #remove}. */
  private static final Object REMOVED = new Object();

  /** The field names of one group, shared by its records. Immutable. */
  static final class Fields {
    private final String[] names;
    private final Map<String, Integer> index;

    Fields(List<String> names) {
      this.names = names.toArray(new String[0]);
      this.index = new HashMap<>((int) (this.names.length / 0.75f) + 1);
      for (int i = 0; i < this.names.length; i++) {
        index.put(this.names[i], i);
      }
    }

    int size() {
      return names.length;
    }

    String name(int i) {
      return names[i];
    }

    int indexOf(@Nullable Object key) {
      Integer at = key instanceof String ? index.get(key) : null;
      return at == null ? -1 : at;
    }
  }

  private final Fields fields;
  private final @Nullable Object[] values;
  private int removed;
  private @Nullable LinkedHashMap<String, @Nullable Object> added;

  /** A record with every field null. */
  ParquetRow(Fields fields) {
    this.fields = fields;
    this.values = new Object[fields.size()];
  }

  /** Sets field {@code i}, as the reader assembles the record. */
  void set(int i, @Nullable Object value) {
    values[i] = value;
  }

  /** Field {@code i}'s value, as the reader assembles the record. */
  @Nullable Object at(int i) {
    return values[i];
  }

  @Override
  public int size() {
    Map<String, @Nullable Object> extra = added;
    return values.length - removed + (extra == null ? 0 : extra.size());
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    int i = fields.indexOf(key);
    if (i >= 0 && values[i] != REMOVED) {
      return true;
    }
    Map<String, @Nullable Object> extra = added;
    return extra != null && extra.containsKey(key);
  }

  @Override
  public @Nullable Object get(@Nullable Object key) {
    int i = fields.indexOf(key);
    if (i >= 0 && values[i] != REMOVED) {
      return values[i];
    }
    Map<String, @Nullable Object> extra = added;
    return extra == null ? null : extra.get(key);
  }

  @Override
  public @Nullable Object put(String key, @Nullable Object value) {
    int i = fields.indexOf(key);
    if (i >= 0 && values[i] != REMOVED) {
      Object previous = values[i];
      values[i] = value;
      return previous;
    }
    // A new key, or a removed field put back: after the others, as a LinkedHashMap would.
    LinkedHashMap<String, @Nullable Object> extra = added;
    if (extra == null) {
      extra = new LinkedHashMap<>();
      added = extra;
    }
    return extra.put(key, value);
  }

  @Override
  public @Nullable Object remove(@Nullable Object key) {
    int i = fields.indexOf(key);
    if (i >= 0 && values[i] != REMOVED) {
      Object previous = values[i];
      values[i] = REMOVED;
      removed++;
      return previous;
    }
    Map<String, @Nullable Object> extra = added;
    return extra == null ? null : extra.remove(key);
  }

  @Override
  public void clear() {
    for (int i = 0; i < values.length; i++) {
      values[i] = REMOVED;
    }
    removed = values.length;
    added = null;
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return ParquetRow.this.size();
      }

      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Entries();
      }
    };
  }

  /** The fields in schema order, then the keys added. */
  private final class Entries implements Iterator<Map.Entry<String, Object>> {
    private int next = advance(0);
    private int last = -1;
    private @Nullable Iterator<Map.Entry<String, @Nullable Object>> extra;

    private int advance(int from) {
      int i = from;
      while (i < values.length && values[i] == REMOVED) {
        i++;
      }
      return i;
    }

    private @Nullable Iterator<Map.Entry<String, @Nullable Object>> extra() {
      if (extra == null && added != null) {
        extra = added.entrySet().iterator();
      }
      return extra;
    }

    @Override
    public boolean hasNext() {
      if (next < values.length) {
        return true;
      }
      Iterator<Map.Entry<String, @Nullable Object>> rest = extra();
      return rest != null && rest.hasNext();
    }

    @Override
    @SuppressWarnings({
      "NullAway",
      "unchecked",
      "rawtypes"
    }) // values are nullable; the type cannot say so
    public Map.Entry<String, Object> next() {
      if (next < values.length) {
        int i = next;
        last = i;
        next = advance(i + 1);
        return new Field(i);
      }
      Iterator<Map.Entry<String, @Nullable Object>> rest = extra();
      if (rest == null) {
        throw new NoSuchElementException();
      }
      last = -2;
      return (Map.Entry) rest.next();
    }

    @Override
    public void remove() {
      if (last >= 0) {
        values[last] = REMOVED;
        removed++;
        last = -1;
      } else if (last == -2 && extra != null) {
        extra.remove();
        last = -1;
      } else {
        throw new IllegalStateException();
      }
    }
  }

  /** Field {@code i} as a map entry; setting it sets the field. */
  @SuppressWarnings("NullAway") // values are nullable; Map.Entry<String, Object> cannot say so
  private final class Field implements Map.Entry<String, Object> {
    private final int i;

    Field(int i) {
      this.i = i;
    }

    @Override
    public String getKey() {
      return fields.name(i);
    }

    @Override
    public @Nullable Object getValue() {
      Object value = values[i];
      return value == REMOVED ? null : value;
    }

    @Override
    public @Nullable Object setValue(@Nullable Object value) {
      Object previous = getValue();
      values[i] = value;
      return previous;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Map.Entry<?, ?> entry
          && getKey().equals(entry.getKey())
          && java.util.Objects.equals(getValue(), entry.getValue());
    }

    @Override
    public int hashCode() {
      return getKey().hashCode() ^ java.util.Objects.hashCode(getValue());
    }

    @Override
    public String toString() {
      return getKey() + "=" + getValue();
    }
  }
}
