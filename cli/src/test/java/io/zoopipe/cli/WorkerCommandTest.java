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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong security options stop the worker before it listens: one line, exit status 2. */
class WorkerCommandTest {
  private static TestCertificates certificates;

  @TempDir Path dir;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certificates = TestCertificates.get();
  }

  @Test
  void aMissingCertificateFileIsAUsageError() {
    Path missing = dir.resolve("missing.pem");

    Outcome outcome =
        worker("--tls-cert", missing.toString(), "--tls-key", certificates.serverKey().toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines())
        .containsExactly("zoopipe worker: --tls-cert " + missing + ": no such file");
  }

  @Test
  void aFileThatIsNotAKeyIsAUsageError() {
    Outcome outcome =
        worker(
            "--tls-cert",
            certificates.serverCertificate().toString(),
            "--tls-key",
            certificates.serverCertificate().toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines()).hasSize(1);
    assertThat(outcome.errorLines().get(0))
        .startsWith("zoopipe worker: --tls-key " + certificates.serverCertificate() + ": ")
        .contains("no PKCS#8 private key");
  }

  @Test
  void aKeyOfAnotherCertificateIsAUsageError() {
    Outcome outcome =
        worker(
            "--tls-cert",
            certificates.serverCertificate().toString(),
            "--tls-key",
            certificates.clientKey().toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines())
        .containsExactly(
            "zoopipe worker: --tls-key "
                + certificates.clientKey()
                + ": the private key does not belong to the certificate in --tls-cert "
                + certificates.serverCertificate());
  }

  @Test
  void aMissingClientCaFileIsAUsageError() {
    Path missing = dir.resolve("ca.pem");

    Outcome outcome =
        worker(
            "--tls-cert",
            certificates.serverCertificate().toString(),
            "--tls-key",
            certificates.serverKey().toString(),
            "--tls-client-ca",
            missing.toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines())
        .containsExactly("zoopipe worker: --tls-client-ca " + missing + ": no such file");
  }

  @Test
  void aCertificateWithoutAKeyIsAUsageError() {
    Outcome outcome = worker("--tls-cert", certificates.serverCertificate().toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines())
        .containsExactly("zoopipe worker: --tls-cert and --tls-key go together");
  }

  @Test
  void aMissingStorageRootIsAUsageError() throws Exception {
    Path file = Files.writeString(dir.resolve("file.txt"), "x");

    Outcome missing = worker("--storage-root", dir.resolve("nope").toString());
    Outcome notDirectory = worker("--storage-root", file.toString());

    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.errorLines())
        .containsExactly(
            "zoopipe worker: --storage-root: storage root "
                + dir.resolve("nope")
                + " does not exist");
    assertThat(notDirectory.status()).isEqualTo(2);
    assertThat(notDirectory.errorLines())
        .containsExactly(
            "zoopipe worker: --storage-root: storage root " + file + " is not a directory");
  }

  @Test
  void aWorkerReachableFromOtherHostsWithoutProtectionRefusesToStart() {
    assumeTrue(System.getenv("ZOOPIPE_WORKER_SECRET") == null, "the secret is set here");
    Outcome outcome = workerOn("0.0.0.0");

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines())
        .containsExactly(
            "zoopipe worker: --host 0.0.0.0 is reachable from other hosts, but this worker lacks"
                + " a secret ($ZOOPIPE_WORKER_SECRET), TLS (--tls-cert, --tls-key) and storage"
                + " roots (--storage-root): give them, or --insecure to run without");
  }

  @Test
  void theRefusalNamesOnlyWhatIsMissing() throws Exception {
    assumeTrue(System.getenv("ZOOPIPE_WORKER_SECRET") == null, "the secret is set here");
    Path root = Files.createDirectories(dir.resolve("data"));

    Outcome outcome =
        workerOn(
            "0.0.0.0",
            "--tls-cert",
            certificates.serverCertificate().toString(),
            "--tls-key",
            certificates.serverKey().toString(),
            "--storage-root",
            root.toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.errorLines()).hasSize(1);
    assertThat(outcome.errorLines().get(0))
        .contains("this worker lacks a secret ($ZOOPIPE_WORKER_SECRET): give them")
        .doesNotContain("TLS")
        .doesNotContain("storage roots");
  }

  private static Outcome worker(String... args) {
    return workerOn("127.0.0.1", args);
  }

  private static Outcome workerOn(String host, String... args) {
    List<String> arguments = new ArrayList<>(List.of("--host", host, "--port", "0"));
    arguments.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        WorkerMain.execute(
            arguments.toArray(new String[0]),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Outcome(status, out.toString(), err.toString().lines().toList());
  }

  private record Outcome(int status, String out, List<String> errorLines) {}
}
