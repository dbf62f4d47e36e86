package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --secret-file} on {@code worker}, {@code run} and {@code serve}. */
class SecretFileTest {
  @TempDir Path dir;

  @Test
  void theSecretIsTheFilesTrimmedContentAndWinsOverTheEnvironment() throws Exception {
    SecretOptions options = new SecretOptions();
    options.file = Files.writeString(dir.resolve("secret"), "  from-the-file\n");

    String secret =
        options.secret(
            Map.of("ZOOPIPE_WORKER_SECRET", "from-the-environment"), UsageException::new);

    assertThat(secret).isEqualTo("from-the-file");
  }

  @Test
  void withoutAFileTheSecretComesFromTheEnvironment() {
    SecretOptions options = new SecretOptions();

    assertThat(
            options.secret(
                Map.of("ZOOPIPE_WORKER_SECRET", "from-the-environment"), UsageException::new))
        .isEqualTo("from-the-environment");
    assertThat(options.secret(Map.of("ZOOPIPE_WORKER_SECRET", " "), UsageException::new)).isNull();
    assertThat(options.secret(Map.of(), UsageException::new)).isNull();
  }

  @Test
  void aWorkerWithASecretFileNoLongerLacksASecret() throws Exception {
    assumeTrue(System.getenv("ZOOPIPE_WORKER_SECRET") == null, "the secret is set here");
    Path secret = Files.writeString(dir.resolve("secret"), "s3cret\n");

    Outcome outcome =
        execute("worker", "--host", "0.0.0.0", "--port", "0", "--secret-file", secret.toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines().get(0))
        .contains("this worker lacks TLS (--tls-cert, --tls-key) and storage roots")
        .doesNotContain("secret");
  }

  @Test
  void aMissingSecretFileIsAUsageErrorForEveryCommand() {
    Path missing = dir.resolve("missing");

    Outcome worker = execute("worker", "--port", "0", "--secret-file", missing.toString());
    Outcome serve = execute("serve", "--port", "0", "--secret-file", missing.toString());
    Outcome run = run("--worker-address", "127.0.0.1:7070", "--secret-file", missing.toString());

    assertThat(worker.status()).isEqualTo(2);
    assertThat(worker.errorLines().get(0))
        .isEqualTo("zoopipe worker: --secret-file " + missing + ": no such file");
    assertThat(serve.status()).isEqualTo(2);
    assertThat(serve.errorLines().get(0))
        .isEqualTo("zoopipe serve: --secret-file " + missing + ": no such file");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errorLines().get(0))
        .isEqualTo("zoopipe run: --secret-file " + missing + ": no such file");
  }

  @Test
  void anEmptySecretFileOrADirectoryIsAUsageError() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), " \n\t\n");

    Outcome emptyFile = execute("worker", "--port", "0", "--secret-file", empty.toString());
    Outcome directory = execute("worker", "--port", "0", "--secret-file", dir.toString());

    assertThat(emptyFile.status()).isEqualTo(2);
    assertThat(emptyFile.errorLines().get(0))
        .isEqualTo("zoopipe worker: --secret-file " + empty + ": is empty");
    assertThat(directory.status()).isEqualTo(2);
    assertThat(directory.errorLines().get(0))
        .isEqualTo("zoopipe worker: --secret-file " + dir + ": is a directory");
  }

  @Test
  void runTakesASecretFileOnlyForWorkerAddresses() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "s3cret");

    Outcome outcome = run("--secret-file", secret.toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines().get(0))
        .isEqualTo("zoopipe run: --secret-file needs --worker-address");
  }

  private Outcome run(String... options) {
    List<String> arguments = new ArrayList<>();
    arguments.addAll(
        List.of(
            "run",
            "--input",
            writeInput().toString(),
            "--output",
            dir.resolve("out.csv").toString()));
    arguments.addAll(List.of(options));
    return execute(arguments.toArray(new String[0]));
  }

  private Path writeInput() {
    try {
      return Files.writeString(dir.resolve("in.csv"), "id\n1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Outcome execute(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        ZooPipeCli.execute(arguments, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(status, err.toString().lines().toList());
  }

  private record Outcome(int status, List<String> errorLines) {}
}
