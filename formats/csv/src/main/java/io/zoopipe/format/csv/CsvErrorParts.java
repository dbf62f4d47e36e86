package io.zoopipe.format.csv;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.ErrorPartLayout;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.report.ErrorRow;
import java.util.List;

/**
 * CSV error parts: headerless lines of the error rows' flat form, read back against the columns the
 * parts were written with. Immutable; thread-safe.
 */
final class CsvErrorParts implements ErrorPartLayout {
  private final CsvOptions options;
  private final List<String> columns;

  CsvErrorParts(CsvOptions options, List<String> columns) {
    if (!columns.contains(ErrorRow.FLAT_POSITION_COLUMN)) {
      throw new IllegalArgumentException(
          "the CSV error columns "
              + columns
              + " have no "
              + ErrorRow.FLAT_POSITION_COLUMN
              + " column");
    }
    this.options = options;
    this.columns = List.copyOf(columns);
  }

  @Override
  public String positionField() {
    return ErrorRow.FLAT_POSITION_COLUMN;
  }

  @Override
  public String plainSuffix() {
    return ".csv";
  }

  @Override
  public InputAdapter reader(Location plain) {
    return new CsvInputAdapter(
        plain,
        options
            .withHeader(false)
            .withColumns(columns)
            .withMaxRecordBytes(CsvOptions.MAX_RECORD_BYTES_LIMIT)
            .withMaxFieldBytes(CsvOptions.MAX_RECORD_BYTES_LIMIT));
  }

  @Override
  public OutputAdapter writer(Location target) {
    return new CsvOutputAdapter(target, options.withColumns(columns)).asPart();
  }
}
