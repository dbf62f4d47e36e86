package io.zoopipe.manager.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JobTableTest {
  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private record Job(String id, AtomicBoolean done) {
    Job(String id) {
      this(id, new AtomicBoolean());
    }
  }

  @Test
  void runningJobsStayHoweverOldAndManyTheyAre() {
    MovableClock clock = new MovableClock();
    JobTable<Job> table = new JobTable<>(job -> job.done().get(), 1, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 5; i++) {
      table.put("j" + i, new Job("j" + i));
    }
    clock.advance(Duration.ofDays(2));
    assertThat(table.all()).hasSize(5);
    assertThat(table.get("j0")).isNotNull();
  }

  @Test
  void finishedJobsAreForgottenAfterTheirTime() {
    MovableClock clock = new MovableClock();
    JobTable<Job> table =
        new JobTable<>(job -> job.done().get(), 10, Duration.ofMinutes(30), clock);
    Job job = new Job("a");
    table.put("a", job);
    job.done().set(true);
    assertThat(table.get("a")).isSameAs(job); // finish noticed now
    clock.advance(Duration.ofMinutes(29));
    assertThat(table.get("a")).isSameAs(job);
    clock.advance(Duration.ofMinutes(2));
    assertThat(table.get("a")).isNull();
  }

  @Test
  void onlyTheNewestFinishedJobsAreKept() {
    MovableClock clock = new MovableClock();
    JobTable<Job> table = new JobTable<>(job -> job.done().get(), 2, Duration.ofHours(1), clock);
    Job running = new Job("running");
    table.put("running", running);
    for (int i = 0; i < 4; i++) {
      Job job = new Job("f" + i);
      table.put(job.id(), job);
      job.done().set(true);
      clock.advance(Duration.ofSeconds(1));
      table.get(job.id());
    }
    assertThat(table.all()).extracting(Job::id).containsExactly("running", "f2", "f3");
    assertThat(table.get("f0")).isNull();
  }
}
