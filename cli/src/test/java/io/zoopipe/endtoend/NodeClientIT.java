package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client in another language: a Node.js script ({@code @grpc/grpc-js}, loading the project's
 * .proto files) submits a job to {@code zoopipe serve}, prints its progress and checks the counts.
 * Skipped, with a message, where {@code node} or {@code npm} is not installed.
 */
class NodeClientIT {
  @TempDir Path dir;

  @Test
  void nodeClientSubmitsWatchesAndChecksAJob() throws Exception {
    assumeTrue(available("node"), "node is not installed: skipping the Node.js client test");
    assumeTrue(available("npm"), "npm is not installed: skipping the Node.js client test");
    Path client = installClient();
    TestData.jsonLines(dir.resolve("in.jsonl"), 21, 2_000, -1, "");
    Process server =
        Cli.start(dir, dir.resolve("serve.log"), "serve", "--port", "0", "--workers", "2");
    try {
      String address = awaitAddress(dir.resolve("serve.log.out"), server);

      Process node =
          new ProcessBuilder(
                  "node",
                  client.resolve("client.js").toString(),
                  address,
                  System.getProperty("zoopipe.protoDirectory"),
                  dir.resolve("in.jsonl").toString(),
                  dir.resolve("out.jsonl").toString(),
                  "2000")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("node.log").toFile())
              .start();
      boolean finished = node.waitFor(120, TimeUnit.SECONDS);

      String log = Files.readString(dir.resolve("node.log"), StandardCharsets.UTF_8);
      assertThat(finished).as(log).isTrue();
      assertThat(node.exitValue()).as(log).isZero();
      assertThat(log).contains("submitted job", "progress JOB_STATUS_", "total=2000", "OK");
      assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(2_000);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Copies the committed client into target/ and installs its locked dependencies there. */
  private static Path installClient() throws Exception {
    Path source = Path.of(System.getProperty("zoopipe.nodeClient"));
    Path work = Path.of(System.getProperty("zoopipe.nodeWork"));
    Files.createDirectories(work);
    for (String name : List.of("package.json", "package-lock.json", "client.js")) {
      Files.copy(source.resolve(name), work.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(work.resolve("node_modules/@grpc/grpc-js"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("npm.log").toFile())
              .start();
      assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(npm.exitValue()).as(Files.readString(work.resolve("npm.log"))).isZero();
    }
    return work;
  }

  private static String awaitAddress(Path out, Process server) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(out)) {
        for (String line : Files.readAllLines(out)) {
          if (line.startsWith("zoopipe-serve listening on ")) {
            return line.substring("zoopipe-serve listening on ".length()).trim();
          }
        }
      }
      assertThat(server.isAlive()).as("zoopipe serve exited").isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("zoopipe serve did not start");
  }

  private static boolean available(String command) {
    try {
      Process process =
          new ProcessBuilder(command, "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
