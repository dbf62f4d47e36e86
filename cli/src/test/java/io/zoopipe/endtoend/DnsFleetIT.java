package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zoopipe.cli.WorkerCommand;
import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.SlowHook;
import io.zoopipe.endtoend.testing.TestData;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zoopipe run --workers-dns} with real JVMs: three workers listen on 127.0.0.2, 127.0.0.3
 * and 127.0.0.4 on one port, and the manager JVM resolves one name through a hosts file ({@code
 * -Djdk.net.hosts.file}) that the test rewrites while a job runs, as a scaled compose service or a
 * Kubernetes headless Service changes.
 */
class DnsFleetIT {
  private static final String NAME = "workers.zoopipe.test";
  private static final Map<String, String> SECRET =
      Map.of("ZOOPIPE_WORKER_SECRET", "dns-secret-for-tests");

  @TempDir static Path dir;

  private static final List<Process> workers = new ArrayList<>();
  private static int port;

  @BeforeAll
  static void startWorkers() throws Exception {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.2", 0));
      port = probe.getLocalPort();
    }
    for (int i = 2; i <= 4; i++) {
      workers.add(
          Cli.start(
              dir,
              dir.resolve("worker-" + i + ".log"),
              SECRET,
              "worker",
              "--host",
              "127.0.0." + i,
              "--port",
              Integer.toString(port)));
    }
    for (int i = 2; i <= 4; i++) {
      awaitListening(workers.get(i - 2), dir.resolve("worker-" + i + ".log"));
    }
  }

  @AfterAll
  static void stopWorkers() throws Exception {
    for (Process worker : workers) {
      worker.destroy();
      if (!worker.waitFor(10, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  @Test
  void everyAddressOfTheNameRunsShardsAndTheOutputIsWhatOneJvmWrites() throws Exception {
    TestData.csv(dir.resolve("all.csv"), 11, 3_000, -1, "");
    Path hosts = hosts("all.hosts", 2, 3, 4);

    int single = Cli.run(dir, dir.resolve("all-single.log"), reference("all"));
    int fleet =
        run(hosts, "all", "--input", "all.csv", "--output", "all.jsonl", "--shards", "9").waitFor();

    assertThat(single).as(Files.readString(dir.resolve("all-single.log"))).isZero();
    assertThat(fleet).as(Files.readString(dir.resolve("all.log"))).isZero();
    assertThat(Files.readString(dir.resolve("all.jsonl")))
        .isEqualTo(Files.readString(dir.resolve("all-single.jsonl")));
    JsonNode report = new ObjectMapper().readTree(dir.resolve("all.json").toFile());
    assertThat(report.get("worker_kind").asText())
        .isEqualTo("3 workers behind DNS name " + NAME + ":" + port);
    assertThat(shardWorkers(report)).hasSize(3);
  }

  @Test
  void workersJoinAndLeaveWhileTheJobRuns() throws Exception {
    TestData.csv(dir.resolve("moving.csv"), 12, 4_000, -1, "");
    Path hosts = hosts("moving.hosts", 2);

    int single = Cli.run(dir, dir.resolve("moving-single.log"), reference("moving"));
    Process fleet =
        run(
            hosts,
            "moving",
            "--input",
            "moving.csv",
            "--output",
            "moving.jsonl",
            "--shards",
            "16",
            "--batch-size",
            "10",
            "--post-hook",
            SlowHook.class.getName());
    awaitLog(dir.resolve("moving.log"), "worker(s) behind DNS name");
    hosts("moving.hosts", 3, 4);
    boolean finished = fleet.waitFor(120, TimeUnit.SECONDS);

    String log = Files.readString(dir.resolve("moving.log"));
    assertThat(single).isZero();
    assertThat(finished).as(log).isTrue();
    assertThat(fleet.exitValue()).as(log).isZero();
    assertThat(log)
        .contains("worker 127.0.0.3:" + port + " joined")
        .contains("worker 127.0.0.4:" + port + " joined")
        .contains("worker 127.0.0.2:" + port + " left");
    assertThat(Files.readString(dir.resolve("moving.jsonl")))
        .isEqualTo(Files.readString(dir.resolve("moving-single.jsonl")));
    JsonNode report = new ObjectMapper().readTree(dir.resolve("moving.json").toFile());
    assertThat(shardWorkers(report)).contains("127.0.0.3", "127.0.0.4");
  }

  @Test
  void aNameThatResolvesToNothingFailsTheRunSayingSo() throws Exception {
    TestData.csv(dir.resolve("none.csv"), 13, 100, -1, "");
    Path hosts = hosts("none.hosts");

    int status =
        run(hosts, "none", "--input", "none.csv", "--output", "none.jsonl", "--shards", "2")
            .waitFor();

    String log = Files.readString(dir.resolve("none.log"));
    assertThat(status).as(log).isEqualTo(1);
    assertThat(log).contains("worker DNS name " + NAME + " resolves to no address");
    assertThat(dir.resolve("none.jsonl")).doesNotExist();
  }

  @Test
  void serveRunsSubmittedJobsOnTheWorkersBehindTheName() throws Exception {
    TestData.csv(dir.resolve("served.csv"), 14, 2_000, -1, "");
    Path hosts = hosts("served.hosts", 2, 3);
    int single = Cli.run(dir, dir.resolve("served-single.log"), reference("served"));
    Process serve =
        Cli.start(
            dir,
            dir.resolve("serve.log"),
            SECRET,
            List.of("-Djdk.net.hosts.file=" + hosts),
            "serve",
            "--port",
            "0",
            "--workers-dns",
            NAME + ":" + port);
    try {
      awaitLog(dir.resolve("serve.log.out"), "zoopipe-serve listening on ");
      String server =
          Files.readString(dir.resolve("serve.log.out"))
              .strip()
              .substring("zoopipe-serve listening on ".length());

      int submitted =
          Cli.run(
              dir,
              dir.resolve("served-submit.log"),
              SECRET,
              "submit",
              "--server",
              server,
              "--input",
              dir.resolve("served.csv").toString(),
              "--output",
              dir.resolve("served.jsonl").toString(),
              "--threads",
              "1",
              "--shards",
              "4",
              "--watch");

      assertThat(single).isZero();
      assertThat(submitted).as(Files.readString(dir.resolve("served-submit.log"))).isZero();
      assertThat(Files.readString(dir.resolve("served.jsonl")))
          .isEqualTo(Files.readString(dir.resolve("served-single.jsonl")));
      assertThat(Files.readString(dir.resolve("serve.log")))
          .contains("Found 2 worker(s) behind DNS name " + NAME + ":" + port);
    } finally {
      serve.destroy();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** {@code run --workers-dns NAME:port} in a manager JVM resolving through {@code hosts}. */
  private static Process run(Path hosts, String name, String... options) throws Exception {
    List<String> arguments = new ArrayList<>(List.of("run"));
    arguments.addAll(List.of(options));
    arguments.addAll(
        List.of(
            "--workers-dns",
            NAME + ":" + port,
            "--workers-dns-refresh",
            "1",
            "--threads",
            "1",
            "--report",
            name + ".json",
            "--progress",
            "none"));
    return Cli.start(
        dir,
        dir.resolve(name + ".log"),
        SECRET,
        List.of("-Djdk.net.hosts.file=" + hosts),
        arguments.toArray(new String[0]));
  }

  /** The same pipe in one JVM, writing {@code <name>-single.jsonl}. */
  private static String[] reference(String name) {
    return new String[] {
      "run",
      "--input",
      name + ".csv",
      "--output",
      name + "-single.jsonl",
      "--threads",
      "1",
      "--progress",
      "none"
    };
  }

  /** (Re)writes a hosts file in which {@link #NAME} is 127.0.0.N for each N given. */
  private static Path hosts(String file, int... lastBytes) throws Exception {
    StringBuilder text = new StringBuilder("127.0.0.1 localhost\n");
    for (int lastByte : lastBytes) {
      text.append("127.0.0.").append(lastByte).append(' ').append(NAME).append('\n');
    }
    Path hosts = dir.resolve(file);
    Path next = dir.resolve(file + ".next");
    Files.writeString(next, text);
    Files.move(next, hosts, StandardCopyOption.ATOMIC_MOVE);
    return hosts;
  }

  /** The hosts of the workers that ran the committed attempts (a worker names itself pid@host). */
  private static Set<String> shardWorkers(JsonNode report) {
    Set<String> hosts = new TreeSet<>();
    report
        .get("shards")
        .forEach(
            shard -> {
              String worker = shard.get("worker").asText();
              hosts.add(worker.substring(worker.indexOf('@') + 1));
            });
    return hosts;
  }

  private static void awaitLog(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never logged '" + text + "': " + Files.readString(log));
  }

  private static void awaitListening(Process worker, Path log) throws Exception {
    awaitLog(log.resolveSibling(log.getFileName() + ".out"), WorkerCommand.LISTENING_PREFIX);
    assertThat(worker.isAlive()).as(Files.readString(log)).isTrue();
  }
}
