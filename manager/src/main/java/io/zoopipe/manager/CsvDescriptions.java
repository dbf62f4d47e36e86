package io.zoopipe.manager;

import io.zoopipe.common.adapter.Formats.Format;
import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.csv.CsvInputAdapter;
import io.zoopipe.common.adapter.csv.CsvOutputAdapter;
import io.zoopipe.common.job.DataDescription;

/** Describes CSV adapters for {@link PipeDescriptions}: location and options. Stateless. */
final class CsvDescriptions {
  private CsvDescriptions() {}

  static DataDescription input(InputAdapter adapter) {
    if (adapter instanceof CsvInputAdapter csv) {
      if (!csv.range().isAll()) {
        throw PipeDescriptions.cannotTravel(
            "input", adapter, "it is already restricted to a byte range");
      }
      return new DataDescription(
          PipeDescriptions.location("input", adapter, csv.location().orElse(null)),
          Format.CSV,
          csv.options());
    }
    throw PipeDescriptions.cannotTravel("input", adapter, "its kind is unknown to PipeManager");
  }

  static DataDescription output(String role, OutputAdapter adapter) {
    if (adapter instanceof CsvOutputAdapter csv) {
      return new DataDescription(
          PipeDescriptions.location(role, adapter, csv.location().orElse(null)),
          Format.CSV,
          csv.options());
    }
    throw PipeDescriptions.cannotTravel(role, adapter, "its kind is unknown to PipeManager");
  }
}
