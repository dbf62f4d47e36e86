package io.zoopipe.common.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads this process's memory use: resident set size (current and peak) from {@code
 * /proc/self/status} on Linux, else the heap in use. Thread-safe.
 */
public final class MemoryProbe {
  private static final Path STATUS = Path.of("/proc/self/status");

  private MemoryProbe() {}

  /** Resident memory of this process now, in bytes. */
  public static long currentBytes() {
    long rss = readStatusKilobytes("VmRSS:");
    return rss > 0 ? rss * 1024 : heapUsed();
  }

  /** The most resident memory this process has had, in bytes. */
  public static long peakBytes() {
    long hwm = readStatusKilobytes("VmHWM:");
    return hwm > 0 ? hwm * 1024 : heapUsed();
  }

  private static long heapUsed() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static long readStatusKilobytes(String key) {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(key)) {
          String digits = line.substring(key.length()).replace("kB", "").trim();
          return Long.parseLong(digits);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or /proc is not mounted: the caller falls back to the heap.
    }
    return -1;
  }
}
