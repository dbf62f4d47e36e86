package io.zoopipe.common.adapter;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a sink may need to know about the records coming: the input's columns (when known up front)
 * and the schema type, which give a CSV header when no record is written.
 */
public record OutputContext(List<String> inputColumns, @Nullable Class<?> schema) {
  public OutputContext {
    inputColumns = List.copyOf(inputColumns);
  }
}
