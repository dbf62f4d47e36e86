package io.zoopipe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.manager.ShardReport;
import io.zoopipe.manager.launch.ProcessWorkerLauncher;
import io.zoopipe.rpc.WorkerLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code zoopipe run --workers N}: runs the pipe as a job of a {@link PipeManager} on local worker
 * processes (begun early by the command, or started here) or on running workers given by address or
 * DNS name, shows progress, prints the merged report and writes it with a per-shard section. Ctrl-C
 * is handled by an {@link InterruptHandler}: before the commit point workers stop, temporary files
 * are removed, the destinations are untouched and the exit status is 130; after it the outputs are
 * published and the exit status is 0.
 */
final class DistributedRun {
  private final PipeDescription description;
  private final int workers;
  private final int shards;
  private final @Nullable WorkerLauncher given;
  private final List<Path> plugins;
  private final String progress;
  private final @Nullable Path report;
  private final Map<String, Object> context;

  private final Map<String, String> workerEnvironment;
  private final StorageFactory storage;
  private final @Nullable MeterRegistry meterRegistry;

  DistributedRun(
      PipeDescription description,
      int workers,
      int shards,
      @Nullable WorkerLauncher given,
      List<Path> plugins,
      String progress,
      @Nullable Path report,
      Map<String, Object> context,
      Map<String, String> workerEnvironment,
      StorageFactory storage,
      @Nullable MeterRegistry meterRegistry) {
    this.workerEnvironment = Map.copyOf(workerEnvironment);
    this.storage = storage;
    this.meterRegistry = meterRegistry;
    this.description = description;
    this.workers = workers;
    this.shards = shards;
    this.given = given;
    this.plugins = List.copyOf(plugins);
    this.progress = progress;
    this.report = report;
    this.context = new LinkedHashMap<>(context);
  }

  int run(PrintWriter out, PrintWriter err) throws InterruptedException, IOException {
    WorkerLauncher launcher = launcher();
    PipeManager.Builder builder =
        PipeManager.builder().pipe(description).workers(launcher).shards(shards).storage(storage);
    if (meterRegistry != null) {
      builder.meterRegistry(meterRegistry);
    }
    ManagerExecution execution = builder.build().start();
    PipeReport result;
    InterruptHandler handler =
        InterruptHandler.install(
            err,
            timeout -> {
              execution.shutdown();
              execution.await(timeout);
            });
    try {
      result = execution.await(ManagerProgress.create(progress, err, execution));
    } finally {
      handler.close();
    }
    RunCommand.awaitExitIfInterrupted();
    // The workers the job ran on: fewer than asked for when some could not be started.
    int ranOn = execution.workersStarted() > 0 ? execution.workersStarted() : launcher.size();
    out.println(
        result.summaryLine()
            + String.format(
                " on %d worker%s%s, %d shard%s",
                ranOn,
                ranOn == 1 ? "" : "s",
                ranOn < launcher.size() ? " (of " + launcher.size() + " asked for)" : "",
                execution.shardCount(),
                execution.shardCount() == 1 ? "" : "s"));
    if (result.exception() != null) {
      err.println("zoopipe run: failed: " + RunCommand.describe(result.exception()));
    }
    writeReport(result, execution.shardReports(), launcher, ranOn);
    out.flush();
    return ZooPipeCli.exitStatus(result);
  }

  private WorkerLauncher launcher() {
    if (given != null) {
      return given;
    }
    return new ProcessWorkerLauncher(workers, plugins).withEnvironment(workerEnvironment);
  }

  private void writeReport(
      PipeReport result, List<ShardReport> shardReports, WorkerLauncher launcher, int ranOn)
      throws IOException {
    if (report == null) {
      return;
    }
    Map<String, Object> json = new LinkedHashMap<>(result.toMap());
    json.putAll(context);
    json.put("workers", ranOn);
    json.put("workers_requested", launcher.size());
    json.put("worker_kind", launcher.describe());
    json.put("shards", shardReports.stream().map(ShardReport::toMap).toList());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), json);
  }
}
