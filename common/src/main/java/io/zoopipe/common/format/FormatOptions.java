package io.zoopipe.common.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The options of one input or output as a format-neutral string map, the form in which they travel
 * (the wire's {@code DataLocation.options}); a {@link FormatProvider} parses them into its own
 * typed options. Keys are lower-case words ({@code delimiter}, {@code max_record_bytes}); a list
 * value is stored as a JSON array of strings ({@link #list}). Immutable; thread-safe.
 *
 * @param values option values by key, in key order
 */
public record FormatOptions(Map<String, String> values) {
  private static final FormatOptions NONE = new FormatOptions(Map.of());
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.-]*");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  public FormatOptions {
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> option : values.entrySet()) {
      String key = requireNonNull(option.getKey(), "an option key is null");
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "option name '" + key + "' is not a lower-case word ([a-z][a-z0-9_.-]*)");
      }
      copy.put(key, requireNonNull(option.getValue(), "option " + key + " is null"));
    }
    values = Collections.unmodifiableSortedMap(copy);
  }

  /** No options: every setting at the format's default. */
  public static FormatOptions none() {
    return NONE;
  }

  public static FormatOptions of(Map<String, String> values) {
    return values.isEmpty() ? NONE : new FormatOptions(values);
  }

  /** The value of {@code key}, if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The list value of {@code key} (see {@link #list}), if set. */
  public Optional<List<String>> getList(String key) {
    String text = values.get(key);
    if (text == null) {
      return Optional.empty();
    }
    try {
      List<String> list = MAPPER.readValue(text, STRINGS);
      if (list.contains(null)) {
        throw new IllegalArgumentException("option " + key + " holds a null name: " + text);
      }
      return Optional.of(List.copyOf(list));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "option " + key + " must be a JSON array of strings, got " + text, e);
    }
  }

  /** A copy with {@code key} set to {@code value}. */
  public FormatOptions with(String key, String value) {
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new FormatOptions(copy);
  }

  /** A copy with {@code key} set to {@code list}, encoded as {@link #list} says. */
  public FormatOptions withList(String key, List<String> list) {
    return with(key, list(list));
  }

  /** A copy without {@code key}. */
  public FormatOptions without(String key) {
    if (!values.containsKey(key)) {
      return this;
    }
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.remove(key);
    return of(copy);
  }

  /** A copy holding only the options named in {@code keys}. */
  public FormatOptions onlyFor(Collection<String> keys) {
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.keySet().retainAll(Set.copyOf(keys));
    return of(copy);
  }

  /**
   * Checks that every option is one of {@code known}.
   *
   * @throws IllegalArgumentException naming the unknown option and the known ones
   */
  public void requireKnown(String format, Collection<String> known) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "format "
                + format
                + " has no option '"
                + key
                + "'"
                + (known.isEmpty()
                    ? "; it takes none"
                    : "; it takes " + String.join(", ", new TreeSet<>(known))));
      }
    }
  }

  /** A list of names as an option value: a JSON array of strings. */
  public static String list(List<String> names) {
    try {
      return MAPPER.writeValueAsString(List.copyOf(names));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings cannot be written as JSON", e);
    }
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }
}
