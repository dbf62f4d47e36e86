package io.zoopipe.manager.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The worker JVM options are spelled out in Java ({@link
 * ProcessWorkerLauncher#DEFAULT_JAVA_OPTIONS}) and in two shell scripts that cannot read them from
 * there: {@code scripts/zoopipe} (its JIT settings) and {@code scripts/bench} (fleet workers
 * started like local ones, and the JIT variants of its workers suite), and the image ({@code
 * docker/Dockerfile}, the same JIT settings with a heap from the container's memory limit). This
 * keeps them from drifting apart.
 */
class JavaOptionsInScriptsTest {
  private static final Path SCRIPTS = Path.of("..", "scripts");

  @Test
  void theCommandsJitSettingsAreTheWorkers() throws IOException {
    List<String> jit = new ArrayList<>();
    Matcher assignments =
        Pattern.compile("^jit_opts\\+?=\"([^\"]*)\"", Pattern.MULTILINE)
            .matcher(Files.readString(SCRIPTS.resolve("zoopipe")));
    while (assignments.find()) {
      jit.addAll(tokens(assignments.group(1)));
    }

    assertThat(jit).isNotEmpty().allMatch(option -> option.startsWith("-XX:"));
    assertThat(ProcessWorkerLauncher.DEFAULT_JAVA_OPTIONS).containsAll(jit);
  }

  @Test
  void theBenchsFleetWorkersGetTheLocalWorkersOptions() throws IOException {
    Matcher fleet =
        Pattern.compile("ZOOPIPE_JAVA_OPTS=\"([^\"]*)\"")
            .matcher(Files.readString(SCRIPTS.resolve("bench")));

    assertThat(fleet.find()).as("scripts/bench sets ZOOPIPE_JAVA_OPTS for fleet workers").isTrue();
    assertThat(tokens(fleet.group(1)))
        .containsExactlyElementsOf(ProcessWorkerLauncher.DEFAULT_JAVA_OPTIONS);
  }

  @Test
  void theBenchsWorkerVariantsStartFromTheLocalWorkersOptions() throws IOException {
    List<String> options = new ArrayList<>();
    Matcher assignments =
        Pattern.compile("^worker_opts\\+?=\"([^\"]*)\"", Pattern.MULTILINE)
            .matcher(Files.readString(SCRIPTS.resolve("bench")));
    while (assignments.find()) {
      options.addAll(tokens(assignments.group(1)));
    }

    assertThat(options).containsExactlyElementsOf(ProcessWorkerLauncher.DEFAULT_JAVA_OPTIONS);
  }

  @Test
  void theImageRunsWithTheCommandsJitSettings() throws IOException {
    List<String> jit = new ArrayList<>();
    Matcher assignments =
        Pattern.compile("^jit_opts\\+?=\"([^\"]*)\"", Pattern.MULTILINE)
            .matcher(Files.readString(SCRIPTS.resolve("zoopipe")));
    while (assignments.find()) {
      jit.addAll(tokens(assignments.group(1)));
    }
    Matcher image =
        Pattern.compile("ZOOPIPE_JAVA_OPTS=\"([^\"]*)\"")
            .matcher(Files.readString(SCRIPTS.resolveSibling("docker").resolve("Dockerfile")));

    assertThat(image.find()).as("docker/Dockerfile sets ZOOPIPE_JAVA_OPTS").isTrue();
    assertThat(tokens(image.group(1)))
        .containsAll(jit)
        .contains("-XX:MaxRAMPercentage=70")
        .noneMatch(option -> option.startsWith("-Xmx"));
  }

  private static List<String> tokens(String options) {
    return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
