package io.zoopipe.manager.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last lines a worker process wrote, kept so that a worker that dies before it listens can be
 * reported with what it said (a JVM that rejects an option says so on standard output, not on
 * standard error). Thread-safe.
 */
final class OutputTail {
  private final int maxLines;
  private final Deque<String> lines = new ArrayDeque<>();
  private boolean ended;

  OutputTail(int maxLines) {
    this.maxLines = maxLines;
  }

  synchronized void add(String line) {
    if (lines.size() == maxLines) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * The lines kept, once the followed stream has ended or {@code millis} have passed: the lines a
   * process wrote as it died may still be on their way.
   */
  synchronized List<String> linesAtEnd(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long left;
    while (!ended && (left = deadline - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return List.copyOf(lines);
  }

  private synchronized void end() {
    ended = true;
    notifyAll();
  }

  /**
   * Copies {@code stream}'s lines to {@code forward} and into this tail, on a daemon thread named
   * {@code name}, until the stream ends.
   */
  void follow(InputStream stream, PrintStream forward, String name) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  forward.println(line);
                  add(line);
                }
              } catch (IOException e) {
                // The worker is gone.
              } finally {
                end();
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }
}
