package io.zoopipe.format.json;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.ErrorPartLayout;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.job.DataDescription;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * JSON ({@code json}) in {@code .json} files: reads a top-level array or concatenated values
 * ({@link JsonFormat#AUTO}), writes one array. Cannot be cut into shards; takes no options.
 * Stateless; thread-safe.
 */
public final class JsonArrayFormat implements FormatProvider {
  /** The format's name. */
  public static final String NAME = "json";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> extensions() {
    return Set.of(".json");
  }

  @Override
  public boolean splittable() {
    return false;
  }

  @Override
  public Set<String> optionNames() {
    return Set.of();
  }

  @Override
  public void validate(FormatOptions options) {
    options.requireKnown(NAME, optionNames());
  }

  @Override
  public InputAdapter input(DataDescription description) {
    validate(description.options());
    return new JsonInputAdapter(description.location(), JsonFormat.AUTO);
  }

  @Override
  public OutputAdapter output(DataDescription description) {
    validate(description.options());
    return new JsonOutputAdapter(description.location(), JsonFormat.ARRAY);
  }

  @Override
  public Optional<DataDescription> describe(InputAdapter adapter) {
    if (adapter instanceof JsonInputAdapter json && json.format() != JsonFormat.JSONL) {
      return Optional.of(JsonDescriptions.of(NAME, json));
    }
    return Optional.empty();
  }

  @Override
  public Optional<DataDescription> describe(OutputAdapter adapter) {
    if (adapter instanceof JsonOutputAdapter json && json.format() != JsonFormat.JSONL) {
      return Optional.of(JsonDescriptions.of(NAME, json));
    }
    return Optional.empty();
  }

  @Override
  public Optional<ErrorPartLayout> errorParts(DataDescription destination, List<String> columns) {
    return Optional.of(JsonErrorParts.ARRAY);
  }
}
