package io.zoopipe.manager;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.manager.rpc.WorkerClient;
import io.zoopipe.proto.v1.ShardResult;
import io.zoopipe.rpc.StatusMapper;
import io.zoopipe.rpc.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands shards to workers: one queue for all pipes, one slot thread per worker that takes the next
 * shard, runs it and reports the outcome to its job. Retries and re-runs go to the front of the
 * queue. A worker found dead after a failure leaves the pool; when none is left, the jobs fail.
 * Thread-safe.
 */
final class Dispatcher {
  private static final Logger logger = LoggerFactory.getLogger(Dispatcher.class);

  private final BlockingDeque<Assignment> queue = new LinkedBlockingDeque<>();
  private final List<Slot> slots = new ArrayList<>();
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

  void start(List<Worker> workers) {
    for (Worker worker : workers) {
      Slot slot = new Slot(new WorkerClient(worker));
      slots.add(slot);
      alive.incrementAndGet();
      meters.workerUp();
    }
    for (Slot slot : slots) {
      slot.thread.start();
    }
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
      slot.client.cancel();
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

  private void recordMemory(Worker worker, long ram, long peak) {
    if (worker.isSeparateProcess()) {
      workerRam.put(worker.name(), ram);
      workerPeaks.merge(worker.name(), peak, Math::max);
    }
  }

  private record Assignment(PipeJob job, int shard) {}

  /** One worker's loop. */
  private final class Slot {
    final WorkerClient client;
    final Thread thread;
    volatile boolean busy;

    Slot(WorkerClient client) {
      this.client = client;
      this.thread = new Thread(this::loop, "zoopipe-dispatch-" + client.worker().name());
      this.thread.setDaemon(true);
    }

    private void loop() {
      Worker worker = client.worker();
      try {
        while (!stopped) {
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
            ShardResult result =
                client.run(
                    task,
                    counts -> {
                      assignment.job().progress(task.id(), counts);
                      recordMemory(worker, counts.getRamBytes(), counts.getPeakRamBytes());
                      if (!assignment.job().isActive() || stopped) {
                        client.cancelCurrent();
                      }
                    });
            recordMemory(
                worker, result.getCounts().getRamBytes(), result.getCounts().getPeakRamBytes());
            again = assignment.job().completed(task.id(), result);
          } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            lost = StatusMapper.isRetryable(status.getCode()) && !stopped && !worker.isAlive();
            if (lost) {
              status =
                  Status.UNAVAILABLE.withDescription(
                      "worker " + worker.name() + " was lost (" + describe(e.getStatus()) + ")");
            }
            again = assignment.job().failed(task.id(), status, worker.name());
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

  private static String describe(Status status) {
    return status.getDescription() == null
        ? status.getCode().toString()
        : status.getCode() + ": " + status.getDescription();
  }
}
