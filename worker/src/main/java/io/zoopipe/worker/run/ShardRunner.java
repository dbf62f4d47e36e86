package io.zoopipe.worker.run;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.PartedOutput;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.OutsideStorageRootsException;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipeExecution;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link ShardTask} into a running pipe: the input restricted to the shard's byte range,
 * the outputs written as attempt-scoped parts, schema and hooks loaded by name. Checks what it can
 * before starting (every location against the storage roots, classes, options, the input's
 * existence), so a bad task fails fast and nothing is read or written. Every location is read and
 * written through the runner's {@link StorageFactory}. Thread-safe.
 */
public final class ShardRunner {
  private final PluginClasses classes;
  private final StorageRoots roots;
  private final StorageFactory storage;
  private final @Nullable MeterRegistry meterRegistry;

  /**
   * A runner that may read and write anywhere (a worker started by a manager for one job), through
   * {@link StorageFactory#defaults()}.
   */
  public ShardRunner(PluginClasses classes) {
    this(classes, StorageFactory.defaults());
  }

  /** A runner that may read and write anywhere through {@code storage}. */
  public ShardRunner(PluginClasses classes, StorageFactory storage) {
    this(classes, StorageRoots.UNRESTRICTED, storage, null);
  }

  /**
   * A runner that refuses tasks naming any location outside {@code roots}, through {@link
   * StorageFactory#defaults()}.
   */
  public ShardRunner(PluginClasses classes, StorageRoots roots) {
    this(classes, roots, StorageFactory.defaults(), null);
  }

  /**
   * @param roots where tasks may read and write ({@link StorageRoots#UNRESTRICTED} for anywhere)
   * @param storage what tasks read and write through; it stays the caller's to close
   * @param meterRegistry where shard pipes count their records, batches and bytes; null for none
   */
  public ShardRunner(
      PluginClasses classes,
      StorageRoots roots,
      StorageFactory storage,
      @Nullable MeterRegistry meterRegistry) {
    this.classes = requireNonNull(classes, "classes is null");
    this.roots = requireNonNull(roots, "roots is null");
    this.storage = requireNonNull(storage, "storage is null");
    this.meterRegistry = meterRegistry;
  }

  /** Where shard pipes are metered; null when they are not. */
  public @Nullable MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /**
   * Builds and starts the shard's pipe and returns at once.
   *
   * @throws OutsideStorageRootsException when a location of the task (input, outputs, parts) lies
   *     outside the storage roots; checked before anything else
   * @throws PipelineException INVALID_CONFIGURATION for an unknown class or a bad option,
   *     INVALID_INPUT (caused by {@link NoSuchFileException}) for a missing input, STORAGE when the
   *     storage cannot be reached
   */
  public RunningShard start(ShardTask task) {
    PipeDescription description = task.pipe();
    checkRoots(task);
    checkInput(description.input().location());
    InputAdapter input = description.input().toInput();
    if (!task.wholeInput()) {
      if (!input.isSplittable()) {
        throw PipelineException.invalidConfiguration(
            "shard " + task.id() + ": " + input.describe() + " cannot be read by byte range");
      }
      input = input.withRange(task.range(), task.exactStart());
    }
    OutputAdapter output = part(description.output().withLocation(task.outputPart()));
    OutputAdapter errors = null;
    if (description.errors() != null && task.errorPart() != null) {
      errors = part(description.errors().withLocation(task.errorPart()));
    }
    Pipe.Builder builder =
        description
            .toPipeBuilder(classes, input, output, errors)
            .storage(storage)
            // Every attempt of the job's shards gives a record the same idempotency key.
            .jobId(task.id().jobId());
    if (meterRegistry != null) {
      builder.meterRegistry(meterRegistry);
    }
    Pipe pipe = builder.build();
    preparePartDirectory(task.outputPart());
    if (task.errorPart() != null) {
      preparePartDirectory(task.errorPart());
    }
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    // The run's threads inherit this loader, through which Bean Validation and Jackson find
    // plugin classes.
    thread.setContextClassLoader(classes.loader());
    PipeExecution execution;
    try {
      execution = pipe.start();
    } finally {
      thread.setContextClassLoader(saved);
    }
    return new RunningShard(task, execution, this);
  }

  private void checkRoots(ShardTask task) {
    PipeDescription description = task.pipe();
    roots.check("input", description.input().location());
    roots.check("output", description.output().location());
    roots.check("output part", task.outputPart());
    if (description.errors() != null) {
      roots.check("error output", description.errors().location());
    }
    if (task.errorPart() != null) {
      roots.check("error part", task.errorPart());
    }
  }

  private static OutputAdapter part(DataDescription description) {
    OutputAdapter adapter = description.toOutput();
    if (adapter instanceof PartedOutput parted) {
      return parted.asPart();
    }
    throw PipelineException.invalidConfiguration(
        adapter.describe() + " cannot be written in parts, so it cannot be parallelized");
  }

  private void checkInput(Location location) {
    Storage inputStorage = storage(location);
    try {
      if (!inputStorage.exists(location)) {
        throw new PipelineException(
            ErrorKind.INVALID_INPUT,
            "input " + location + " does not exist",
            new NoSuchFileException(location.toString()));
      }
    } catch (IOException e) {
      throw new PipelineException(
          ErrorKind.STORAGE, "input " + location + ": " + e.getMessage(), e);
    }
  }

  private static void preparePartDirectory(Location part) {
    if (!part.isFile()) {
      return;
    }
    Path parent = part.toPath().toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (AccessDeniedException e) {
      throw new PipelineException(
          ErrorKind.STORAGE, "cannot create the part directory " + parent + ": access denied", e);
    } catch (IOException e) {
      throw new PipelineException(
          ErrorKind.STORAGE, "cannot create the part directory " + parent + ": " + e, e);
    }
  }

  private Storage storage(Location location) {
    try {
      return storage.forLocation(location);
    } catch (IllegalArgumentException e) {
      throw PipelineException.invalidConfiguration(
          requireNonNullElse(e.getMessage(), e.toString()));
    }
  }

  /** Deletes a part and, for local files, its directory when that became empty. Never throws. */
  void deletePart(@Nullable Location part) {
    if (part == null) {
      return;
    }
    try {
      storage.forLocation(part).delete(part);
      if (part.isFile()) {
        Path parent = part.toPath().toAbsolutePath().getParent();
        if (parent != null && parent.getFileName().toString().contains(".zoopipe-")) {
          Files.deleteIfExists(parent);
        }
      }
    } catch (IOException | RuntimeException e) {
      // A directory that still holds other parts is not empty: its last shard removes it.
    }
  }
}
