package io.zoopipe.cli;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zoopipe generate}: writes sample users CSV for demos and benchmarks. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = ZooPipeVersion.class,
    sortOptions = false,
    description = "Generate a sample users CSV (deterministic for a seed).")
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Where to write (.gz/.zst compress).")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before call()
  String output;

  @Option(
      names = "--rows",
      paramLabel = "N",
      description = "Data rows (default: ${DEFAULT-VALUE}).")
  long rows = 1000;

  @Option(names = "--wide", description = "28 columns (~700 B/row) instead of 9 (~340 B/row).")
  boolean wide;

  @Option(
      names = "--invalid-rate",
      paramLabel = "R",
      description = "Share of invalid rows (default: ${DEFAULT-VALUE}).")
  double invalidRate = 0.015;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Override
  public Integer call() throws Exception {
    if (rows < 0) {
      throw new UsageException("--rows must be >= 0, got " + rows);
    }
    SampleUsers users;
    try {
      users = new SampleUsers(seed, wide, invalidRate);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--invalid-rate: " + e.getMessage(), e);
    }
    Location location = Location.parse(output);
    try (StorageFactory storages = StorageFactory.defaults()) {
      Storage storage = storages.forLocation(location);
      try {
        storage.checkWritable(location);
      } catch (java.io.IOException e) {
        throw new UsageException("--output " + output + ": " + RunCommand.describe(e), e);
      }
      try (AtomicOutput target = storage.create(location)) {
        OutputStream out = Compression.fromFileName(location.fileName()).compress(target.stream());
        users.write(out, rows);
        out.close();
        target.commit();
      }
    }
    spec.commandLine()
        .getOut()
        .printf("Wrote %,d rows (%d columns) to %s%n", rows, users.columns().size(), output);
    return 0;
  }
}
