package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build leaves a class data sharing archive next to the shaded jar (scripts/cds-archive): a
 * {@code .jsa} archive before JDK 25, an ahead-of-time cache ({@code .aot}) from JDK 25 on, and
 * this JDK can map it: the CLI and the worker JVMs it starts run with {@code -Xshare:on} (or {@code
 * -XX:AOTMode=on}), which makes a JVM refuse to start when it cannot use the archive.
 */
class ClassDataArchiveIT {
  @TempDir Path dir;

  @Test
  void theCliAndItsWorkersMapTheArchiveTheBuildMade() throws Exception {
    Path jar = Path.of(System.getProperty("zoopipe.managerJar"));
    String name = jar.getFileName().toString();
    boolean aot = Runtime.version().feature() >= 25;
    String base = name.substring(0, name.length() - ".jar".length());
    Path archive = jar.resolveSibling(base + (aot ? ".aot" : ".jsa"));
    assertThat(archive).as("made by scripts/cds-archive during package").isRegularFile();
    StringBuilder csv = new StringBuilder("id,name\n");
    for (int i = 0; i < 5000; i++) {
      csv.append(i).append(",name ").append(i).append('\n');
    }
    Path input = Files.writeString(dir.resolve("in.csv"), csv);
    Path output = dir.resolve("out.jsonl");
    Path log = dir.resolve("stderr.txt");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (aot) {
      // The cache was made with the options scripts/zoopipe gives on this JDK; a JVM maps it only
      // with the same native access.
      command.addAll(
          List.of(
              "--enable-native-access=ALL-UNNAMED",
              "-XX:AOTMode=on",
              "-XX:AOTCache=" + archive,
              "-Xlog:aot*=off",
              "-Xlog:cds*=off"));
    } else {
      command.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"));
    }
    command.addAll(List.of("-jar", jar.toString(), "run", "--progress", "none"));
    command.addAll(List.of("--input", input.toString(), "--output", output.toString()));
    command.addAll(List.of("--workers", "2", "--shards", "4"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    // -Xshare:on / -XX:AOTMode=on: a worker that cannot map the archive the launcher gives it does
    // not start.
    builder
        .environment()
        .put(
            "ZOOPIPE_WORKER_JAVA_OPTS",
            (aot ? "-XX:AOTMode=on" : "-Xshare:on") + " -Xmx128m -XX:+UseSerialGC");
    builder.environment().remove("ZOOPIPE_CDS");
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(5000);
    assertThat(lines.get(4999)).isEqualTo("{\"id\":\"4999\",\"name\":\"name 4999\"}");
  }
}
