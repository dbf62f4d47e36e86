package io.zoopipe.manager;

import io.zoopipe.common.job.ShardTask;
import io.zoopipe.manager.attempt.AttemptFailedException;
import io.zoopipe.manager.attempt.AttemptResult;
import io.zoopipe.manager.attempt.ShardWorker;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands shards to workers: one queue for all pipes, one slot thread per worker that takes the next
 * shard, runs it and reports the outcome to its job. Retries and re-runs go to the front of the
 * queue. A worker found dead after a retryable failure leaves the pool and its attempt fails as
 * {@link io.zoopipe.manager.attempt.FailureKind#WORKER_LOST}, so the shard goes to another worker;
 * when none is left, the jobs fail. Workers may join ({@link #add}) and leave ({@link #retire})
 * while jobs run, as a fleet found by DNS changes. Sees workers only as {@link ShardWorker}s.
 * Thread-safe.
 */
final class Dispatcher {
  private static final Logger logger = LoggerFactory.getLogger(Dispatcher.class);

  private final BlockingDeque<Assignment> queue = new LinkedBlockingDeque<>();
  private final List<Slot> slots = new CopyOnWriteArrayList<>();
  private final AtomicInteger alive = new AtomicInteger();
  private final Map<String, Long> workerPeaks = new ConcurrentHashMap<>();
  private final Map<String, Long> workerRam = new ConcurrentHashMap<>();
  private final Runnable onAllWorkersLost;
  private final ManagerMeters meters;
  private volatile boolean stopped;

  Dispatcher(Runnable onAllWorkersLost, ManagerMeters meters) {
    this.onAllWorkersLost = onAllWorkersLost;
    this.meters = meters;
  }

  void start(List<? extends ShardWorker> workers) {
    workers.forEach(this::add);
  }

  /** Adds a worker that takes shards from now on (one that joined the fleet). */
  void add(ShardWorker worker) {
    Slot slot = new Slot(worker);
    slots.add(slot);
    alive.incrementAndGet();
    meters.workerUp();
    slot.thread.start();
    if (stopped) {
      slot.thread.interrupt();
    }
  }

  /**
   * Lets the worker named {@code name} finish the attempt it runs, if any, then leave the pool (it
   * left the fleet); its attempts are not failed for it.
   */
  void retire(String name) {
    for (Slot slot : slots) {
      if (slot.worker.name().equals(name)) {
        slot.retired = true;
      }
    }
  }

  /** Names of the workers taking shards now: neither lost nor retired. */
  Set<String> activeWorkers() {
    Set<String> names = new LinkedHashSet<>();
    for (Slot slot : slots) {
      if (!slot.retired && slot.thread.isAlive()) {
        names.add(slot.worker.name());
      }
    }
    return names;
  }

  void submit(PipeJob job, int shard) {
    queue.addLast(new Assignment(job, shard));
  }

  /** Workers running an attempt now. */
  int busy() {
    int busy = 0;
    for (Slot slot : slots) {
      if (slot.busy) {
        busy++;
      }
    }
    return busy;
  }

  int aliveWorkers() {
    return alive.get();
  }

  /** Sum of the current resident memory of worker processes (not in-process workers). */
  long workersRamBytes() {
    return workerRam.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Sum over worker processes of each one's peak resident memory. */
  long workersPeakRamBytes() {
    return workerPeaks.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Stops taking work and cancels every attempt in flight; returns without waiting. */
  void stop() {
    stopped = true;
    for (Slot slot : slots) {
      slot.worker.cancel();
      slot.thread.interrupt();
    }
  }

  /** Waits up to {@code millis} for the slot threads to end. */
  void join(long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    for (Slot slot : slots) {
      long left = deadline - System.currentTimeMillis();
      if (left > 0) {
        slot.thread.join(left);
      }
    }
  }

  private void recordMemory(ShardWorker worker, long ram, long peak) {
    if (worker.isSeparateProcess()) {
      workerRam.put(worker.name(), ram);
      workerPeaks.merge(worker.name(), peak, Math::max);
    }
  }

  private record Assignment(PipeJob job, int shard) {}

  /** One worker's loop. */
  private final class Slot {
    final ShardWorker worker;
    final Thread thread;
    volatile boolean busy;
    volatile boolean retired;

    Slot(ShardWorker worker) {
      this.worker = worker;
      this.thread = new Thread(this::loop, "zoopipe-dispatch-" + worker.name());
      this.thread.setDaemon(true);
    }

    private void loop() {
      try {
        while (!stopped && !retired) {
          Assignment assignment = queue.pollFirst(200, TimeUnit.MILLISECONDS);
          if (assignment == null) {
            continue;
          }
          ShardTask task = assignment.job().nextAttempt(assignment.shard(), worker.name());
          if (task == null) {
            continue;
          }
          busy = true;
          boolean lost = false;
          List<Integer> again;
          try {
            AttemptResult result =
                worker.run(
                    task,
                    counts -> {
                      assignment.job().progress(task.id(), counts);
                      recordMemory(worker, counts.ramBytes(), counts.peakRamBytes());
                      if (!assignment.job().isActive() || stopped) {
                        worker.cancelCurrent();
                      }
                    });
            recordMemory(worker, result.counts().ramBytes(), result.counts().peakRamBytes());
            logger.info(
                "Shard {} done on {}: {} records",
                task.id(),
                worker.name(),
                result.counts().totalProcessed());
            again = assignment.job().completed(task.id(), result);
          } catch (AttemptFailedException e) {
            AttemptFailedException failure = e;
            lost = e.kind().retryable() && !stopped && !worker.isAlive();
            if (lost) {
              failure = AttemptFailedException.workerLost(worker.name(), e);
            }
            again = assignment.job().failed(task.id(), failure, worker.name());
          } finally {
            busy = false;
          }
          for (Integer shard : again) {
            queue.addFirst(new Assignment(assignment.job(), shard));
          }
          if (lost) {
            logger.warn("Worker {} was lost; {} worker(s) left", worker.name(), alive.get() - 1);
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        meters.workerDown();
        if (alive.decrementAndGet() == 0 && !stopped) {
          onAllWorkersLost.run();
        }
      }
    }
  }
}
