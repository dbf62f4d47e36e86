package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command prints the build's version, the one the pom gives, for --version. */
class VersionTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "run", "generate", "serve", "worker"})
  void everyCommandPrintsTheBuildsVersion(String subcommand) {
    List<String> arguments = new ArrayList<>();
    if (!subcommand.isEmpty()) {
      arguments.add(subcommand);
    }
    arguments.add("--version");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status =
        ZooPipeCli.execute(
            arguments.toArray(new String[0]),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(status).isZero();
    assertThat(out.toString().strip())
        .isEqualTo("zoopipe " + System.getProperty("zoopipe.version"));
    assertThat(err.toString()).isEmpty();
  }
}
