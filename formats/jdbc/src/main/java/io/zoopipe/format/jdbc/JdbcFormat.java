package io.zoopipe.format.jdbc;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.format.ShardPlan;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Databases ({@code jdbc}): every {@code jdbc:} location is read and written by this format. Its
 * options are {@link JdbcOptions}'s. Stateless; thread-safe.
 */
public final class JdbcFormat implements FormatProvider {
  /** The format's name. */
  public static final String NAME = "jdbc";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> extensions() {
    return Set.of();
  }

  @Override
  public Set<String> schemes() {
    return Set.of(Location.JDBC);
  }

  @Override
  public boolean splittable() {
    return false;
  }

  @Override
  public Set<String> optionNames() {
    return JdbcOptions.NAMES;
  }

  @Override
  public void validate(FormatOptions options) {
    JdbcOptions.parse(options);
  }

  @Override
  public InputAdapter input(DataDescription description) {
    return new JdbcInputAdapter(description.location(), JdbcOptions.parse(description.options()));
  }

  @Override
  public OutputAdapter output(DataDescription description) {
    return new JdbcOutputAdapter(description.location(), JdbcOptions.parse(description.options()));
  }

  /**
   * One shard, or with a {@code shard_column} equal key ranges of it ({@link ReadPlan}); the note
   * says when the input is read as one shard and why.
   */
  @Override
  public Optional<ShardPlan> planShards(
      DataDescription input, InputAdapter adapter, StorageFactory storage, int shards)
      throws IOException {
    if (!(adapter instanceof JdbcInputAdapter jdbc)) {
      return Optional.empty();
    }
    return Optional.of(ReadPlan.plan(input, jdbc, JdbcInputAdapter.storage(storage), shards));
  }

  @Override
  public Optional<DataDescription> describe(InputAdapter adapter) {
    if (adapter instanceof JdbcInputAdapter jdbc) {
      return Optional.of(
          new DataDescription(jdbc.location().orElseThrow(), NAME, jdbc.options().toOptions()));
    }
    return Optional.empty();
  }

  @Override
  public Optional<DataDescription> describe(OutputAdapter adapter) {
    if (adapter instanceof JdbcOutputAdapter jdbc) {
      return Optional.of(
          new DataDescription(jdbc.location().orElseThrow(), NAME, jdbc.options().toOptions()));
    }
    return Optional.empty();
  }
}
