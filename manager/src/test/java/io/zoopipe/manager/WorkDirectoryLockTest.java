package io.zoopipe.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work directories of dead jobs are removed; those of running jobs, in any process, are kept. */
class WorkDirectoryLockTest {
  @TempDir Path dir;

  @Test
  void theDirectoryOfAJobThatDiedIsRemovedWithItsParts() throws IOException {
    Path destination = dir.resolve("out.csv");
    Path dead = dir.resolve("out.csv.zoopipe-0123abcd");
    Files.createDirectories(dead.resolve("pipe-0"));
    Files.writeString(dead.resolve(WorkDirectoryLock.LOCK_FILE), "");
    Files.writeString(dead.resolve("pipe-0/shard-0-attempt-1-out.csv"), "a,b\n");

    assertThat(WorkDirectoryLock.removeAbandoned(destination)).containsExactly(dead);
    assertThat(dead).doesNotExist();
  }

  @Test
  void theDirectoryOfARunningJobInThisProcessIsKept() throws IOException {
    Path destination = dir.resolve("out.csv");
    Path running = dir.resolve("out.csv.zoopipe-89abcdef");
    WorkDirectoryLock lock = WorkDirectoryLock.create(running);
    try {
      assertThat(WorkDirectoryLock.removeAbandoned(destination)).isEmpty();
      assertThat(running).isDirectory();
    } finally {
      lock.close();
    }
    assertThat(WorkDirectoryLock.removeAbandoned(destination)).containsExactly(running);
  }

  @Test
  void theDirectoryOfARunningJobInAnotherProcessIsKeptUntilThatProcessDies() throws Exception {
    Path destination = dir.resolve("out.csv");
    Path running = dir.resolve("out.csv.zoopipe-fedcba98");
    Files.createDirectories(running);
    Process holder = holdLock(running.resolve(WorkDirectoryLock.LOCK_FILE));
    try {
      assertThat(WorkDirectoryLock.removeAbandoned(destination)).isEmpty();
      assertThat(running).isDirectory();
      assertThatThrownBy(() -> WorkDirectoryLock.create(running))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("in use by another job");
    } finally {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(WorkDirectoryLock.removeAbandoned(destination)).containsExactly(running);
  }

  @Test
  void otherFilesAndDirectoriesAreLeftAlone() throws IOException {
    Path destination = dir.resolve("out.csv");
    Path unlocked = Files.createDirectories(dir.resolve("out.csv.zoopipe-00000000"));
    Path otherName = Files.createDirectories(dir.resolve("out.csv.zoopipe-not-a-job"));
    Files.writeString(otherName.resolve(WorkDirectoryLock.LOCK_FILE), "");
    Path otherDestination = Files.createDirectories(dir.resolve("other.csv.zoopipe-11111111"));
    Files.writeString(otherDestination.resolve(WorkDirectoryLock.LOCK_FILE), "");

    assertThat(WorkDirectoryLock.removeAbandoned(destination)).isEmpty();
    assertThat(unlocked).isDirectory();
    assertThat(otherName).isDirectory();
    assertThat(otherDestination).isDirectory();
  }

  /** A JVM that locks {@code file} and holds it until killed. */
  private static Process holdLock(Path file) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    assertThat(reader.readLine()).isEqualTo("locked");
    return process;
  }

  /** Locks the file named by its argument, says so, and sleeps. */
  public static final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
      try (FileChannel channel =
          FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        channel.lock();
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      }
    }
  }
}
