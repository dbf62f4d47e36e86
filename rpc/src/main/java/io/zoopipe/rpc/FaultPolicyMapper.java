package io.zoopipe.rpc;

import io.zoopipe.common.pipe.FaultPolicy;
import io.zoopipe.common.pipe.RetryPolicy;
import io.zoopipe.proto.v1.FaultPolicySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a {@link FaultPolicy} to its wire form and back. Exception types travel by class name
 * and are loaded on the receiving side, from the context class loader (a worker's plugins) or this
 * module's; an unknown name is an {@link IllegalArgumentException} naming the field. Stateless.
 */
final class FaultPolicyMapper {
  private FaultPolicyMapper() {}

  static FaultPolicySpec toProto(FaultPolicy policy) {
    RetryPolicy retry = policy.retry();
    FaultPolicySpec.Builder builder =
        FaultPolicySpec.newBuilder()
            .setMaxAttempts(retry.maxAttempts())
            .setInitialBackoffMillis(retry.initialBackoff().toMillis())
            .setBackoffMultiplier(retry.multiplier())
            .setMaxBackoffMillis(retry.maxBackoff().toMillis())
            .setMaxTotalDelayMillis(retry.maxTotalDelay().toMillis())
            .setJitter(retry.jitter())
            .setSkip(policy.skip())
            .setCallTimeoutMillis(policy.callTimeout().toMillis())
            .setMaxInFlight(policy.maxInFlight())
            .setRateLimit(policy.rateLimit());
    if (!retry.retryable().equals(RetryPolicy.DEFAULT_RETRYABLE)) {
      retry.retryable().forEach(type -> builder.addRetryableExceptions(type.getName()));
    }
    retry.fatal().forEach(type -> builder.addFatalExceptions(type.getName()));
    return builder.build();
  }

  static FaultPolicy fromProto(FaultPolicySpec spec) {
    RetryPolicy defaults = RetryPolicy.NONE;
    try {
      RetryPolicy retry =
          new RetryPolicy(
              Math.max(1, spec.getMaxAttempts()),
              Duration.ofMillis(spec.getInitialBackoffMillis()),
              spec.getBackoffMultiplier() == 0
                  ? defaults.multiplier()
                  : spec.getBackoffMultiplier(),
              spec.getMaxBackoffMillis() == 0
                  ? defaults.maxBackoff()
                  : Duration.ofMillis(spec.getMaxBackoffMillis()),
              spec.getMaxTotalDelayMillis() == 0
                  ? defaults.maxTotalDelay()
                  : Duration.ofMillis(spec.getMaxTotalDelayMillis()),
              spec.getJitter(),
              spec.getRetryableExceptionsCount() == 0
                  ? RetryPolicy.DEFAULT_RETRYABLE
                  : types("retryable_exceptions", spec.getRetryableExceptionsList()),
              types("fatal_exceptions", spec.getFatalExceptionsList()));
      return new FaultPolicy(
          retry,
          spec.getSkip(),
          Duration.ofMillis(spec.getCallTimeoutMillis()),
          spec.getMaxInFlight() == 0 ? FaultPolicy.DEFAULT_MAX_IN_FLIGHT : spec.getMaxInFlight(),
          spec.getRateLimit());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pipe.fault_policy: " + e.getMessage(), e);
    }
  }

  private static List<Class<? extends Throwable>> types(String field, List<String> names) {
    List<Class<? extends Throwable>> types = new ArrayList<>(names.size());
    for (String name : names) {
      types.add(throwable(field, name));
    }
    return types;
  }

  /** The exception class {@code name}, as seen by the context class loader, else by this one. */
  static Class<? extends Throwable> throwable(String field, String name) {
    Class<?> type;
    try {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      type =
          Class.forName(
              name, false, context != null ? context : FaultPolicyMapper.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      try {
        type = Class.forName(name, false, FaultPolicyMapper.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError again) {
        throw new IllegalArgumentException(field + ": no exception class " + name, again);
      }
    }
    if (!Throwable.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(field + ": " + name + " is not an exception class");
    }
    return type.asSubclass(Throwable.class);
  }
}
