package io.zoopipe.format.csv;

import com.fasterxml.jackson.core.io.SerializedString;
import io.zoopipe.common.pipe.ColumnSet;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The columns of one CSV input, shared by every row a reader produces: the names in input order and
 * a name-to-index lookup. Immutable and thread-safe.
 */
final class CsvColumns {
  private final List<String> names;
  private final String[] nameArray;
  private final Map<String, Integer> indexes;
  private final @Nullable SerializedString[] jsonNames;
  private final byte[] @Nullable [] jsonMembers;

  CsvColumns(List<String> names) {
    this.names = List.copyOf(names);
    this.nameArray = this.names.toArray(new String[0]);
    this.indexes = new HashMap<>(names.size() * 2);
    for (int i = 0; i < nameArray.length; i++) {
      indexes.put(nameArray[i], i);
    }
    this.jsonNames = new SerializedString[nameArray.length];
    for (int i = 0; i < nameArray.length; i++) {
      jsonNames[i] = isPlainAscii(nameArray[i]) ? new SerializedString(nameArray[i]) : null;
    }
    this.jsonMembers = new byte[nameArray.length][];
    for (int i = 0; i < nameArray.length; i++) {
      jsonMembers[i] =
          isPlainAscii(nameArray[i])
              ? ("\"" + nameArray[i] + "\":").getBytes(StandardCharsets.US_ASCII)
              : null;
    }
  }

  /**
   * The name of column {@code index} pre-encoded for a JSON generator, or null when it has
   * characters that JSON escapes or that are not ASCII (write those as strings).
   */
  @Nullable SerializedString jsonName(int index) {
    return jsonNames[index];
  }

  /** {@code "name":} in compact JSON, or null as for {@link #jsonName}. */
  byte @Nullable [] jsonMember(int index) {
    return jsonMembers[index];
  }

  private static boolean isPlainAscii(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  List<String> names() {
    return names;
  }

  int size() {
    return nameArray.length;
  }

  String name(int index) {
    return nameArray[index];
  }

  /** Index of {@code name}, or -1 when the input has no such column. */
  int indexOf(Object name) {
    Integer index = indexes.get(name);
    return index == null ? -1 : index;
  }

  /** Which columns to materialise: names the input does not have are ignored. */
  boolean[] wanted(ColumnSet columns) {
    boolean[] wanted = new boolean[nameArray.length];
    for (int i = 0; i < nameArray.length; i++) {
      wanted[i] = columns.contains(nameArray[i]);
    }
    return wanted;
  }
}
