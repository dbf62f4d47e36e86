package io.zoopipe.endtoend.lines;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.shard.ByteRange;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lines}: local {@code .lines} files of one record per line, its text in the column {@value
 * #COLUMN}. Splittable; takes no options; has no header and cannot rewrite error parts. Registered
 * in this test tree's {@code META-INF/services}. Stateless; thread-safe.
 */
public final class LinesFormat implements FormatProvider {
  /** The only column of a record. */
  public static final String COLUMN = "line";

  @Override
  public String name() {
    return "lines";
  }

  @Override
  public Set<String> extensions() {
    return Set.of(".lines");
  }

  @Override
  public boolean splittable() {
    return true;
  }

  @Override
  public Set<String> optionNames() {
    return Set.of();
  }

  @Override
  public void validate(FormatOptions options) {
    options.requireKnown(name(), optionNames());
  }

  @Override
  public InputAdapter input(DataDescription description) {
    validate(description.options());
    return new LinesInput(description.location().toPath(), ByteRange.ALL, false);
  }

  @Override
  public OutputAdapter output(DataDescription description) {
    validate(description.options());
    return new LinesOutput(description.location().toPath());
  }

  @Override
  public Optional<DataDescription> describe(InputAdapter adapter) {
    return adapter instanceof LinesInput lines
        ? Optional.of(new DataDescription(lines.where(), name(), FormatOptions.none()))
        : Optional.empty();
  }

  @Override
  public Optional<DataDescription> describe(OutputAdapter adapter) {
    return adapter instanceof LinesOutput lines
        ? Optional.of(new DataDescription(lines.where(), name(), FormatOptions.none()))
        : Optional.empty();
  }
}
