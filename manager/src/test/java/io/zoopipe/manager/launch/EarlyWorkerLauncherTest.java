package io.zoopipe.manager.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.zoopipe.rpc.Worker;
import io.zoopipe.rpc.WorkerLauncher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Workers begun before the job asks for them, against a launcher that makes in-memory workers. */
class EarlyWorkerLauncherTest {
  @Test
  void theWorkersBeginToStartAtCreationAndTheFirstLaunchHandsThemOut() throws Exception {
    FakeLauncher fake = new FakeLauncher();
    EarlyWorkerLauncher early = new EarlyWorkerLauncher(fake);
    assertThat(fake.launching.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(early.holdsEarlyWorkers()).isTrue();

    List<Worker> workers = early.launch();

    assertThat(workers).extracting(Worker::name).containsExactly("worker-1", "worker-2");
    assertThat(fake.launches.get()).isEqualTo(1);
    assertThat(early.holdsEarlyWorkers()).isFalse();
    List<Worker> later = early.launch();
    assertThat(later).extracting(Worker::name).containsExactly("worker-3", "worker-4");
    assertThat(fake.launches.get()).isEqualTo(2);
    early.close();
    assertThat(fake.stopped).isEmpty(); // handed out: the job's to close
    workers.forEach(Worker::close);
    later.forEach(Worker::close);
  }

  @Test
  void closingBeforeTheJobLaunchedStopsTheWorkersBegun() throws Exception {
    FakeLauncher fake = new FakeLauncher();
    EarlyWorkerLauncher early = new EarlyWorkerLauncher(fake);
    assertThat(fake.launching.await(10, TimeUnit.SECONDS)).isTrue();

    early.close();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (fake.stopped.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(fake.stopped).containsExactlyInAnyOrder("worker-1", "worker-2");
    assertThat(early.holdsEarlyWorkers()).isFalse();
  }

  @Test
  void closingWhileTheWorkersStartCancelsTheirStart() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    FakeLauncher slow =
        new FakeLauncher() {
          @Override
          public List<Worker> launch() throws IOException {
            launching.countDown();
            try {
              if (!cancelled.await(30, TimeUnit.SECONDS)) {
                throw new IOException("never cancelled");
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IOException("the start of 2 fake workers was cancelled");
          }

          @Override
          public void cancel() {
            cancelled.countDown();
          }
        };
    EarlyWorkerLauncher early = new EarlyWorkerLauncher(slow);
    assertThat(slow.launching.await(10, TimeUnit.SECONDS)).isTrue();

    early.close();

    assertThat(cancelled.getCount()).isZero();
    assertThat(early.holdsEarlyWorkers()).isFalse();
  }

  @Test
  void aLaunchThatFailedInTheBackgroundFailsTheFirstLaunchWithItsCause() {
    WorkerLauncher failing =
        new FakeLauncher() {
          @Override
          public List<Worker> launch() throws IOException {
            throw new IOException("no worker started: worker 0 exited with status 1");
          }
        };
    try (EarlyWorkerLauncher early = new EarlyWorkerLauncher(failing)) {
      assertThatThrownBy(early::launch)
          .isInstanceOf(IOException.class)
          .hasMessage("no worker started: worker 0 exited with status 1");
      assertThat(early.size()).isEqualTo(2);
      assertThat(early.describe()).isEqualTo("2 fake workers");
    }
  }

  /** Makes two in-memory workers a launch, numbered on; records which were stopped. */
  private static class FakeLauncher implements WorkerLauncher {
    final CountDownLatch launching = new CountDownLatch(1);
    final AtomicInteger launches = new AtomicInteger();
    final AtomicInteger made = new AtomicInteger();
    final List<String> stopped = new CopyOnWriteArrayList<>();

    @Override
    public List<Worker> launch() throws IOException {
      launches.incrementAndGet();
      launching.countDown();
      List<Worker> workers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String name = "worker-" + made.incrementAndGet();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        workers.add(new Worker(name, channel, channel, () -> true, () -> stopped.add(name), true));
      }
      return workers;
    }

    @Override
    public int size() {
      return 2;
    }

    @Override
    public String describe() {
      return "2 fake workers";
    }
  }
}
