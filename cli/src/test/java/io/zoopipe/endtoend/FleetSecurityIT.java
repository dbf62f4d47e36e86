package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.cli.WorkerCommand;
import io.zoopipe.common.testing.TestCertificates;
import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.endtoend.testing.UnluckyIdHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zoopipe run --worker-address} against a fleet of two {@code zoopipe worker} JVMs that
 * require mutual TLS and a secret and have a storage root: the output is what one JVM writes, a
 * location outside the root is refused, and managers without the right credentials are refused.
 */
class FleetSecurityIT {
  private static final Map<String, String> SECRET =
      Map.of("ZOOPIPE_WORKER_SECRET", "fleet-secret-for-tests");

  @TempDir static Path dir;

  private static TestCertificates certificates;
  private static final List<Process> workers = new ArrayList<>();
  private static final List<String> addresses = new ArrayList<>();

  @BeforeAll
  static void startFleet() throws Exception {
    certificates = TestCertificates.get();
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("elsewhere"));
    for (int i = 1; i <= 2; i++) {
      workers.add(
          Cli.start(
              dir,
              dir.resolve("worker-" + i + ".log"),
              SECRET,
              "worker",
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--tls-cert",
              certificates.serverCertificate().toString(),
              "--tls-key",
              certificates.serverKey().toString(),
              "--tls-client-ca",
              certificates.caCertificate().toString(),
              "--storage-root",
              "data"));
    }
    for (int i = 1; i <= 2; i++) {
      addresses.add(awaitAddress(workers.get(i - 1), dir.resolve("worker-" + i + ".log")));
    }
  }

  @AfterAll
  static void stopFleet() throws Exception {
    for (Process worker : workers) {
      worker.destroy();
      if (!worker.waitFor(10, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  @Test
  void aMutualTlsFleetWithStorageRootsWritesWhatOneJvmWrites() throws Exception {
    TestData.csv(dir.resolve("data/in.csv"), 7, 3_000, -1, "", 23);

    int single =
        Cli.run(
            dir,
            dir.resolve("single.log"),
            "run",
            "--input",
            "data/in.csv",
            "--output",
            "single.csv",
            "--errors",
            "single-errors.csv",
            "--post-hook",
            UnluckyIdHook.class.getName(),
            "--threads",
            "2",
            "--progress",
            "none");
    int fleet =
        Cli.run(
            dir,
            dir.resolve("fleet.log"),
            SECRET,
            fleetRun(
                "--input",
                "data/in.csv",
                "--output",
                "data/out.csv",
                "--errors",
                "data/errors.csv",
                "--post-hook",
                UnluckyIdHook.class.getName(),
                "--threads",
                "1",
                "--shards",
                "5",
                "--report",
                "report.json",
                "--worker-tls-cert",
                certificates.clientCertificate().toString(),
                "--worker-tls-key",
                certificates.clientKey().toString()));

    assertThat(single).as(Files.readString(dir.resolve("single.log"))).isZero();
    assertThat(fleet).as(Files.readString(dir.resolve("fleet.log"))).isZero();
    assertThat(Files.readAllBytes(dir.resolve("data/out.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single.csv")));
    assertThat(Files.readAllBytes(dir.resolve("data/errors.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("single-errors.csv")));
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("worker_kind").asText()).isEqualTo("2 remote workers (TLS)");
    assertThat(report.get("shards")).hasSize(5);
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void anOutputOutsideTheWorkersStorageRootsFailsTheRunAndWritesNothing() throws Exception {
    TestData.csv(dir.resolve("data/refused.csv"), 3, 500, -1, "");

    int status =
        Cli.run(
            dir,
            dir.resolve("outside.log"),
            SECRET,
            fleetRun(
                "--input",
                "data/refused.csv",
                "--output",
                "elsewhere/out.csv",
                "--worker-tls-cert",
                certificates.clientCertificate().toString(),
                "--worker-tls-key",
                certificates.clientKey().toString()));

    String log = Files.readString(dir.resolve("outside.log"));
    assertThat(status).as(log).isEqualTo(1);
    assertThat(log)
        .contains("output elsewhere/out.csv")
        .contains("is outside this worker's storage roots [data]");
    assertThat(dir.resolve("elsewhere/out.csv")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void aManagerWithoutAClientCertificateIsRefused() throws Exception {
    TestData.csv(dir.resolve("data/anonymous.csv"), 3, 100, -1, "");

    int status =
        Cli.run(
            dir,
            dir.resolve("anonymous.log"),
            SECRET,
            fleetRun("--input", "data/anonymous.csv", "--output", "data/anonymous.jsonl"));

    String log = Files.readString(dir.resolve("anonymous.log"));
    assertThat(status).as(log).isEqualTo(1);
    assertThat(log).contains("does not answer");
    assertThat(dir.resolve("data/anonymous.jsonl")).doesNotExist();
  }

  @Test
  void aPlaintextManagerIsRefused() throws Exception {
    TestData.csv(dir.resolve("data/plain.csv"), 3, 100, -1, "");

    int status =
        Cli.run(
            dir,
            dir.resolve("plaintext.log"),
            SECRET,
            "run",
            "--input",
            "data/plain.csv",
            "--output",
            "data/plain.jsonl",
            "--worker-address",
            addresses.get(0),
            "--progress",
            "none");

    String log = Files.readString(dir.resolve("plaintext.log"));
    assertThat(status).as(log).isEqualTo(1);
    assertThat(log).contains("does not answer");
    assertThat(dir.resolve("data/plain.jsonl")).doesNotExist();
  }

  /** {@code run} on the fleet, trusting its CA, plus {@code options}. */
  private static String[] fleetRun(String... options) {
    List<String> arguments = new ArrayList<>(List.of("run"));
    arguments.addAll(List.of(options));
    for (String address : addresses) {
      arguments.add("--worker-address");
      arguments.add(address);
    }
    arguments.addAll(
        List.of("--worker-tls-ca", certificates.caCertificate().toString(), "--progress", "none"));
    return arguments.toArray(new String[0]);
  }

  /** The {@code host:port} a worker prints on standard output once it listens. */
  private static String awaitAddress(Process worker, Path log) throws Exception {
    Path out = log.resolveSibling(log.getFileName() + ".out");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(out)) {
        for (String line : Files.readAllLines(out)) {
          if (line.startsWith(WorkerCommand.LISTENING_PREFIX)) {
            return line.substring(WorkerCommand.LISTENING_PREFIX.length()).strip();
          }
        }
      }
      assertThat(worker.isAlive()).as(Files.readString(log)).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("worker never listened: " + Files.readString(log));
  }

  private static List<String> temporaryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".zoopipe-") || n.startsWith("shard-"))
          .toList();
    }
  }
}
