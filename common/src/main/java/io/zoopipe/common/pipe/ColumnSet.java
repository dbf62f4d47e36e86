package io.zoopipe.common.pipe;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which input columns a stage needs materialised: all of them, or a named subset. Decoding only the
 * needed columns ("column pruning") is what makes wide inputs cheap.
 */
public record ColumnSet(boolean everything, Set<String> names) {
  private static final ColumnSet ALL = new ColumnSet(true, Set.of());
  private static final ColumnSet NONE = new ColumnSet(false, Set.of());

  public ColumnSet {
    names = everything ? Set.of() : Set.copyOf(names);
  }

  public static ColumnSet all() {
    return ALL;
  }

  public static ColumnSet none() {
    return NONE;
  }

  public static ColumnSet of(String... names) {
    return new ColumnSet(false, Set.of(names));
  }

  public static ColumnSet of(Set<String> names) {
    return new ColumnSet(false, names);
  }

  public boolean contains(String column) {
    return everything || names.contains(column);
  }

  public ColumnSet union(ColumnSet other) {
    if (everything || other.everything) {
      return ALL;
    }
    Set<String> union = new LinkedHashSet<>(names);
    union.addAll(other.names);
    return new ColumnSet(false, union);
  }
}
