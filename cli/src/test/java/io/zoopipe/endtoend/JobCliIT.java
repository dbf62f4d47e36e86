package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.SlowHook;
import io.zoopipe.endtoend.testing.TestData;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job CLI against a real {@code zoopipe serve} JVM that requires a secret: {@code health}
 * answers without it, {@code submit --watch} runs a job to the end, {@code jobs} lists it, {@code
 * cancel} stops a running one (then {@code watch} reports it ABORTED), and refusals have their exit
 * statuses.
 */
class JobCliIT {
  private static final String SECRET_VALUE = "job-cli-secret-for-tests";
  private static final Map<String, String> SECRET = Map.of("ZOOPIPE_WORKER_SECRET", SECRET_VALUE);

  @TempDir static Path dir;

  private static Process serve;
  private static String server;
  private static int healthPort;

  @BeforeAll
  static void startServe() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      healthPort = probe.getLocalPort();
    }
    serve =
        Cli.start(
            dir,
            dir.resolve("serve.log"),
            SECRET,
            "serve",
            "--port",
            "0",
            "--workers",
            "2",
            "--health-port",
            Integer.toString(healthPort));
    server = awaitAddress(dir.resolve("serve.log.out"));
  }

  @AfterAll
  static void stopServe() throws Exception {
    serve.destroy();
    if (!serve.waitFor(10, TimeUnit.SECONDS)) {
      serve.destroyForcibly();
    }
  }

  @Test
  void healthAnswersWithoutTheSecretAndFailsForNoServer() throws Exception {
    int serving = Cli.run(dir, dir.resolve("health.log"), "health", server);
    int nothing =
        Cli.run(dir, dir.resolve("health-none.log"), "health", "127.0.0.1:1", "--timeout", "2");

    assertThat(serving).as(read("health.log")).isZero();
    assertThat(read("health.log.out")).isEqualTo(server + ": SERVING\n");
    assertThat(nothing).isEqualTo(1);
    assertThat(read("health-none.log.out")).startsWith("127.0.0.1:1: UNAVAILABLE");
  }

  @Test
  void theHealthPortAnswersHealthChecksOnly() throws Exception {
    String address = "127.0.0.1:" + healthPort;

    int serving = Cli.run(dir, dir.resolve("health-port.log"), "health", address);
    int jobs =
        Cli.run(dir, dir.resolve("health-port-jobs.log"), SECRET, "jobs", "--server", address);

    assertThat(serving).as(read("health-port.log")).isZero();
    assertThat(read("health-port.log.out")).isEqualTo(address + ": SERVING\n");
    assertThat(jobs).isEqualTo(1);
    assertThat(read("health-port-jobs.log")).contains("UNIMPLEMENTED");
  }

  @Test
  void submitWatchRunsAJobToTheEndAndJobsListsIt() throws Exception {
    TestData.csv(dir.resolve("in.csv"), 21, 2_000, -1, "");
    int single =
        Cli.run(
            dir,
            dir.resolve("single.log"),
            "run",
            "--input",
            "in.csv",
            "--output",
            "single.jsonl",
            "--progress",
            "none");

    int submitted =
        Cli.run(
            dir,
            dir.resolve("submit.log"),
            SECRET,
            "submit",
            "--server",
            server,
            "--input",
            dir.resolve("in.csv").toString(),
            "--output",
            dir.resolve("out.jsonl").toString(),
            "--threads",
            "1",
            "--shards",
            "3",
            "--watch");
    List<String> lines = Files.readAllLines(dir.resolve("submit.log.out"));
    String jobId = lines.get(0);
    int listed = Cli.run(dir, dir.resolve("jobs.log"), SECRET, "jobs", "--server", server);

    assertThat(single).isZero();
    assertThat(submitted).as(read("submit.log")).isZero();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("job " + jobId + " COMPLETED: 2,000 processed");
    assertThat(read("out.jsonl")).isEqualTo(read("single.jsonl"));
    assertThat(listed).as(read("jobs.log")).isZero();
    assertThat(read("jobs.log.out"))
        .startsWith("JOB ")
        .containsPattern(jobId + " +COMPLETED +3/3 +2,000 +0 +" + dir.resolve("in.csv"));
  }

  @Test
  void aJobStoppedByItsErrorLimitExitsWithTheLimitsStatus() throws Exception {
    TestData.csv(dir.resolve("bad.csv"), 24, 2_000, -1, "", 10);

    int submitted =
        Cli.run(
            dir,
            dir.resolve("bad-submit.log"),
            SECRET,
            "submit",
            "--server",
            server,
            "--input",
            dir.resolve("bad.csv").toString(),
            "--output",
            dir.resolve("bad.jsonl").toString(),
            "--max-errors",
            "5",
            "--watch");

    assertThat(submitted).as(read("bad-submit.log")).isEqualTo(3);
    assertThat(read("bad-submit.log")).contains("TOO_MANY_ROW_ERRORS").doesNotContain("\tat ");
    assertThat(dir.resolve("bad.jsonl")).doesNotExist();
  }

  @Test
  void cancelStopsARunningJobAndWatchReportsItAborted() throws Exception {
    TestData.csv(dir.resolve("slow.csv"), 22, 3_000, -1, "");

    int submitted =
        Cli.run(
            dir,
            dir.resolve("slow-submit.log"),
            SECRET,
            "submit",
            "--server",
            server,
            "--input",
            dir.resolve("slow.csv").toString(),
            "--output",
            dir.resolve("slow.jsonl").toString(),
            "--threads",
            "1",
            "--batch-size",
            "10",
            "--post-hook",
            SlowHook.class.getName());
    String jobId = read("slow-submit.log.out").strip();
    int cancelled =
        Cli.run(dir, dir.resolve("cancel.log"), SECRET, "cancel", "--server", server, jobId);
    int watched =
        Cli.run(dir, dir.resolve("watch.log"), SECRET, "watch", "--server", server, jobId);

    assertThat(submitted).as(read("slow-submit.log")).isZero();
    assertThat(cancelled).as(read("cancel.log")).isZero();
    assertThat(read("cancel.log.out")).startsWith("job " + jobId + ": cancelling");
    assertThat(watched).as(read("watch.log")).isEqualTo(1);
    assertThat(read("watch.log.out")).startsWith("job " + jobId + " ABORTED");
    assertThat(dir.resolve("slow.jsonl")).doesNotExist();
  }

  @Test
  void refusalsHaveTheirExitStatuses() throws Exception {
    TestData.csv(dir.resolve("small.csv"), 23, 10, -1, "");

    int unknownHook =
        Cli.run(
            dir,
            dir.resolve("refused.log"),
            SECRET,
            "submit",
            "--server",
            server,
            "--input",
            dir.resolve("small.csv").toString(),
            "--output",
            dir.resolve("small.jsonl").toString(),
            "--post-hook",
            "com.example.NoSuchHook");
    int noSecret =
        Cli.run(
            dir,
            dir.resolve("anonymous.log"),
            "submit",
            "--server",
            server,
            "--input",
            dir.resolve("small.csv").toString(),
            "--output",
            dir.resolve("small.jsonl").toString());
    int unknownJob =
        Cli.run(dir, dir.resolve("unknown.log"), SECRET, "watch", "--server", server, "nosuch");

    assertThat(unknownHook).as(read("refused.log")).isEqualTo(2);
    assertThat(read("refused.log"))
        .contains("the job was refused by server " + server + ": INVALID_ARGUMENT")
        .contains("com.example.NoSuchHook");
    assertThat(noSecret).as(read("anonymous.log")).isEqualTo(1);
    assertThat(read("anonymous.log")).contains("UNAUTHENTICATED");
    assertThat(unknownJob).isEqualTo(1);
    assertThat(read("unknown.log")).contains("NOT_FOUND: no job nosuch");
    assertThat(dir.resolve("small.jsonl")).doesNotExist();
  }

  private static String read(String file) throws Exception {
    return Files.readString(dir.resolve(file));
  }

  private static String awaitAddress(Path out) throws Exception {
    String prefix = "zoopipe-serve listening on ";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(out)) {
        for (String line : Files.readAllLines(out)) {
          if (line.startsWith(prefix)) {
            return line.substring(prefix.length()).strip();
          }
        }
      }
      assertThat(serve.isAlive()).as(Files.readString(dir.resolve("serve.log"))).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("serve never listened: " + Files.readString(dir.resolve("serve.log")));
  }
}
