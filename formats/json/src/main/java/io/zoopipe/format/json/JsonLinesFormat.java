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
 * JSON Lines ({@code jsonl}, also {@code ndjson}): one object per line, in {@code .jsonl}, {@code
 * .ndjson} and {@code .jsonlines} files. Takes one option, {@code max_record_bytes}: the longest
 * line the input reads as a record (default {@link JsonInputAdapter#DEFAULT_MAX_RECORD_BYTES}); a
 * longer one is an error record with the start of its text. Stateless; thread-safe.
 */
public final class JsonLinesFormat implements FormatProvider {
  /** The format's name. */
  public static final String NAME = "jsonl";

  /** The option naming the longest line read as a record, in bytes. */
  public static final String MAX_RECORD_BYTES = "max_record_bytes";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("ndjson");
  }

  @Override
  public Set<String> extensions() {
    return Set.of(".jsonl", ".ndjson", ".jsonlines");
  }

  @Override
  public boolean splittable() {
    return true;
  }

  @Override
  public Set<String> optionNames() {
    return Set.of(MAX_RECORD_BYTES);
  }

  @Override
  public void validate(FormatOptions options) {
    options.requireKnown(NAME, optionNames());
  }

  @Override
  public InputAdapter input(DataDescription description) {
    validate(description.options());
    JsonInputAdapter adapter = new JsonInputAdapter(description.location(), JsonFormat.JSONL);
    String limit = description.options().get(MAX_RECORD_BYTES).orElse(null);
    if (limit == null) {
      return adapter;
    }
    try {
      return adapter.withMaxRecordBytes(Integer.parseInt(limit.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option " + MAX_RECORD_BYTES + " must be a whole number of bytes, got " + limit, e);
    }
  }

  @Override
  public OutputAdapter output(DataDescription description) {
    validate(description.options());
    return new JsonOutputAdapter(description.location(), JsonFormat.JSONL);
  }

  @Override
  public Optional<DataDescription> describe(InputAdapter adapter) {
    if (adapter instanceof JsonInputAdapter json && json.format() == JsonFormat.JSONL) {
      return Optional.of(JsonDescriptions.of(NAME, json));
    }
    return Optional.empty();
  }

  @Override
  public Optional<DataDescription> describe(OutputAdapter adapter) {
    if (adapter instanceof JsonOutputAdapter json && json.format() == JsonFormat.JSONL) {
      return Optional.of(JsonDescriptions.of(NAME, json));
    }
    return Optional.empty();
  }

  @Override
  public Optional<ErrorPartLayout> errorParts(DataDescription destination, List<String> columns) {
    return Optional.of(JsonErrorParts.LINES);
  }
}
