package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zoopipe.common.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong TLS and storage-root options of {@code run}, {@code serve} and {@code worker}: exit 2. */
class SecurityOptionsTest {
  @TempDir Path dir;

  private Path input;

  @BeforeEach
  void writeInput() throws Exception {
    input = Files.writeString(dir.resolve("in.csv"), "id\n1\n");
  }

  @Test
  void aMissingWorkerCaFileIsAUsageErrorNamingIt() {
    Path missing = dir.resolve("ca.pem");

    Outcome outcome =
        run("--worker-address", "127.0.0.1:7070", "--worker-tls-ca", missing.toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines())
        .containsExactly(
            "zoopipe run: --worker-tls-ca " + missing + ": no such file",
            "Try 'zoopipe run --help' for the options.");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void workerTlsOptionsNeedAWorkerAddress() throws Exception {
    Outcome outcome = run("--worker-tls-ca", TestCertificates.get().caCertificate().toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines().get(0))
        .isEqualTo("zoopipe run: the --worker-tls-* options need --worker-address");
  }

  @Test
  void aClientCertificateNeedsItsKey() throws Exception {
    Outcome outcome =
        run(
            "--worker-address",
            "127.0.0.1:7070",
            "--worker-tls-cert",
            TestCertificates.get().clientCertificate().toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines().get(0))
        .isEqualTo("zoopipe run: --worker-tls-cert and --worker-tls-key go together");
  }

  @Test
  void serveChecksItsWorkerTlsFilesBeforeListening() {
    Outcome outcome =
        execute(
            "serve",
            "--port",
            "0",
            "--worker-address",
            "127.0.0.1:7070",
            "--worker-tls-cert",
            input.toString(),
            "--worker-tls-key",
            input.toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines().get(0))
        .isEqualTo(
            "zoopipe serve: --worker-tls-cert "
                + input
                + ": no PEM certificate in it (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void theWorkerSubcommandReportsAMissingCertificateAsAUsageError() {
    Path missing = dir.resolve("server.pem");

    Outcome outcome =
        execute(
            "worker",
            "--port",
            "0",
            "--tls-cert",
            missing.toString(),
            "--tls-key",
            missing.toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines())
        .containsExactly(
            "zoopipe worker: --tls-cert " + missing + ": no such file",
            "Try 'zoopipe worker --help' for the options.");
  }

  @Test
  void theWorkerSubcommandReportsAMissingStorageRootAsAUsageError() {
    Outcome outcome =
        execute("worker", "--port", "0", "--storage-root", dir.resolve("nope").toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines().get(0))
        .isEqualTo(
            "zoopipe worker: --storage-root: storage root "
                + dir.resolve("nope")
                + " does not exist");
  }

  @Test
  void serveReachableFromOtherHostsWithoutProtectionRefusesToStart() {
    assumeTrue(System.getenv("ZOOPIPE_WORKER_SECRET") == null, "the secret is set here");

    Outcome outcome = execute("serve", "--host", "0.0.0.0", "--port", "0");

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines())
        .containsExactly(
            "zoopipe serve: --host 0.0.0.0 is reachable from other hosts, but this job service"
                + " lacks a secret ($ZOOPIPE_WORKER_SECRET) and TLS (--tls-cert, --tls-key): give"
                + " them, or --insecure to run without",
            "Try 'zoopipe serve --help' for the options.");
  }

  @Test
  void serveChecksItsOwnTlsFilesBeforeListening() {
    Outcome outcome =
        execute("serve", "--port", "0", "--tls-cert", input.toString(), "--tls-key", "x.key");

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines().get(0))
        .isEqualTo(
            "zoopipe serve: --tls-cert "
                + input
                + ": no PEM certificate in it"
                + " (-----BEGIN CERTIFICATE-----)");
  }

  private Outcome run(String... options) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "run",
                "--input",
                input.toString(),
                "--output",
                dir.resolve("out.csv").toString(),
                "--progress",
                "none"));
    arguments.addAll(List.of(options));
    return execute(arguments.toArray(new String[0]));
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
