package io.zoopipe.common.adapter.csv;

import io.zoopipe.common.pipe.ColumnSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of one CSV input, shared by every row a reader produces: the names in input order and
 * a name-to-index lookup. Immutable and thread-safe.
 */
final class CsvColumns {
  private final List<String> names;
  private final String[] nameArray;
  private final Map<String, Integer> indexes;

  CsvColumns(List<String> names) {
    this.names = List.copyOf(names);
    this.nameArray = this.names.toArray(new String[0]);
    this.indexes = new HashMap<>(names.size() * 2);
    for (int i = 0; i < nameArray.length; i++) {
      indexes.put(nameArray[i], i);
    }
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
