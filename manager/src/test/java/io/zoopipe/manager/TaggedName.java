package io.zoopipe.manager;

import io.zoopipe.common.pipe.RowContext;
import io.zoopipe.common.pipe.RowProcessor;
import java.util.Map;

/**
 * A row processor for pipes without a schema: writes each row's {@code name} column with its
 * position, and fails rows without one.
 */
public final class TaggedName implements RowProcessor<Map<String, Object>, String> {
  @Override
  public String process(Map<String, Object> row, RowContext context) {
    Object name = row.get("name");
    if (name == null) {
      return context.fail("no name");
    }
    return name + "#" + context.position();
  }
}
