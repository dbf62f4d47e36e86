package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.rpc.WorkerProcess;
import org.junit.jupiter.api.Test;

/** The launcher names the worker's main class as a string; this keeps the name true. */
class WorkerProcessTest {
  @Test
  void theMainClassLaunchersNameIsTheWorkersEntryPoint() throws Exception {
    assertThat(Class.forName(WorkerProcess.MAIN_CLASS)).isEqualTo(WorkerMain.class);
    assertThat(WorkerMain.class.getMethod("main", String[].class)).isNotNull();
  }
}
