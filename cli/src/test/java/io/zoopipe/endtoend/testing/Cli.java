package io.zoopipe.endtoend.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the real {@code zoopipe} command as a process: the shaded manager jar (built by {@code
 * package}, before failsafe runs) plus the test classes, so that worker JVMs, which inherit the
 * class path, can load this module's test hooks by name.
 */
public final class Cli {
  private Cli() {}

  /** The class path of a CLI process: the shaded jar and the test classes. */
  public static String classPath() {
    String jar = System.getProperty("zoopipe.managerJar");
    String testClasses = System.getProperty("zoopipe.testClasses");
    if (jar == null || testClasses == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "run through failsafe (mvn verify): zoopipe.managerJar / zoopipe.testClasses unset");
    }
    return jar + File.pathSeparator + testClasses;
  }

  /** Starts {@code zoopipe args...} in {@code dir}; standard error goes to {@code log}. */
  public static Process start(Path dir, Path log, String... args) throws IOException {
    return start(dir, log, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, Path, String...)}, with extra environment variables. */
  public static Process start(
      Path dir, Path log, java.util.Map<String, String> environment, String... args)
      throws IOException {
    return start(dir, log, environment, List.of(), args);
  }

  /** As {@link #start(Path, Path, String...)}, with JVM options (system properties). */
  public static Process start(
      Path dir,
      Path log,
      java.util.Map<String, String> environment,
      List<String> jvmOptions,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    if (Runtime.version().feature() >= 22) {
      // As scripts/zoopipe: gRPC's Netty and zstd-jni load native libraries, which JDK 22+ warns
      // about on standard error unless native access is granted.
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add("io.zoopipe.cli.ZooPipeCli");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("ZOOPIPE_LOG_LEVEL", "INFO");
    builder.environment().putAll(environment);
    builder.redirectErrorStream(false);
    builder.redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile());
    builder.redirectError(log.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    return builder.start();
  }

  /** Runs {@code zoopipe args...} to the end and returns its exit status. */
  public static int run(Path dir, Path log, String... args) throws Exception {
    return run(dir, log, java.util.Map.of(), args);
  }

  /** As {@link #run(Path, Path, String...)}, with extra environment variables. */
  public static int run(
      Path dir, Path log, java.util.Map<String, String> environment, String... args)
      throws Exception {
    Process process = start(dir, log, environment, args);
    if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("zoopipe did not finish: " + Files.readString(log));
    }
    return process.exitValue();
  }
}
