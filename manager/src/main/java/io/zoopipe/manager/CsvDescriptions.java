package io.zoopipe.manager;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.worker.run.DataDescription;

/** Describes CSV adapters for {@link PipeDescriptions}. */
final class CsvDescriptions {
  private CsvDescriptions() {}

  static DataDescription input(InputAdapter adapter) {
    throw PipeDescriptions.cannotTravel("input", adapter, "its kind is unknown to PipeManager");
  }

  static DataDescription output(String role, OutputAdapter adapter) {
    throw PipeDescriptions.cannotTravel(role, adapter, "its kind is unknown to PipeManager");
  }
}
