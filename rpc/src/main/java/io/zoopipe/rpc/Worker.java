package io.zoopipe.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A worker the manager can send shard attempts to: a name for reports, a channel (which carries the
 * worker's secret when it has one), a liveness probe and a way to stop it. Thread-safe.
 */
public final class Worker implements AutoCloseable {
  private final String name;
  private final ManagedChannel managedChannel;
  private final Channel channel;
  private final BooleanSupplier alive;
  private final Runnable stopper;
  private final boolean separateProcess;

  /**
   * @param managedChannel the channel to close
   * @param channel the channel to call through ({@code managedChannel} with interceptors)
   * @param alive whether the worker can still take work (a process that has not exited)
   * @param stopper stops the worker if the manager owns it; run once, after the channel closed
   * @param separateProcess whether its memory is its own (reports add it to the manager's)
   */
  public Worker(
      String name,
      ManagedChannel managedChannel,
      Channel channel,
      BooleanSupplier alive,
      Runnable stopper,
      boolean separateProcess) {
    this.name = requireNonNull(name, "name is null");
    this.managedChannel = requireNonNull(managedChannel, "managedChannel is null");
    this.channel = requireNonNull(channel, "channel is null");
    this.alive = requireNonNull(alive, "alive is null");
    this.stopper = requireNonNull(stopper, "stopper is null");
    this.separateProcess = separateProcess;
  }

  public String name() {
    return name;
  }

  public Channel channel() {
    return channel;
  }

  /** Whether the worker can still take work; may block briefly (a health check). */
  public boolean isAlive() {
    return alive.getAsBoolean();
  }

  public boolean isSeparateProcess() {
    return separateProcess;
  }

  /** Closes the channel and stops the worker if the manager started it. Idempotent. */
  @Override
  public void close() {
    managedChannel.shutdownNow();
    try {
      managedChannel.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopper.run();
  }

  @Override
  public String toString() {
    return name;
  }
}
