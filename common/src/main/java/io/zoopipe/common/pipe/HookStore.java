package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Values hooks share. The pipe's store is what {@link Hook#setup} fills and {@link Hook#teardown}
 * empties; it is thread-safe because batches run in parallel. Each batch gets its own store whose
 * reads fall through to the pipe's store, so hooks in one batch share values without seeing another
 * batch's.
 */
public final class HookStore {
  private final Map<String, Object> values = new ConcurrentHashMap<>();
  private final @Nullable HookStore parent;

  public HookStore() {
    this(null);
  }

  private HookStore(@Nullable HookStore parent) {
    this.parent = parent;
  }

  /** A store for one batch whose reads fall through to this one. */
  public HookStore forBatch() {
    return new HookStore(this);
  }

  public void put(String key, Object value) {
    values.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
  }

  public Optional<Object> get(String key) {
    Object value = values.get(key);
    if (value == null && parent != null) {
      return parent.get(key);
    }
    return Optional.ofNullable(value);
  }

  /** The value under {@code key}, which must be there and be of {@code type}. */
  public <T> T require(String key, Class<T> type) {
    Object value =
        get(key).orElseThrow(() -> new IllegalStateException("hook store has no value for " + key));
    return type.cast(value);
  }

  public void remove(String key) {
    values.remove(key);
  }
}
