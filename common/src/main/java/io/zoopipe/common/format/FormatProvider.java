package io.zoopipe.common.format;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One record format (or a family of them, such as delimited text): its names, the file extensions
 * it claims, how it turns a {@link DataDescription} into adapters and adapters back into
 * descriptions, and the optional capabilities a manager uses to cut an input into shards and merge
 * their outputs. Providers are found through {@link java.util.ServiceLoader} (a line in {@code
 * META-INF/services/io.zoopipe.common.format.FormatProvider}) by {@link FormatRegistry}; each needs
 * a public no-argument constructor. Implementations are stateless and thread-safe.
 */
public interface FormatProvider {
  /** The canonical name, lower case ({@code csv}); what a {@link DataDescription} carries. */
  String name();

  /** Other names that select this format ({@code tsv}, {@code ndjson}); lower case. */
  default Set<String> aliases() {
    return Set.of();
  }

  /**
   * The file name endings this format claims, lower case with their dot ({@code .csv}), matched
   * after a compression extension ({@code .gz}, {@code .zst}) is stripped.
   */
  Set<String> extensions();

  /**
   * Options that a file name implies, beyond the format (tab-separated for {@code .tsv}, say); none
   * by default. Only a command line applies them: a description means what it says.
   */
  default FormatOptions impliedOptions(String fileName) {
    return FormatOptions.none();
  }

  /**
   * Whether an uncompressed input of this format can be read by byte range, so that a manager may
   * cut it into shards; the input adapter's {@link InputAdapter#isSplittable()} has the last word.
   */
  boolean splittable();

  /** The names of the options this format takes; {@link #validate} refuses any other. */
  Set<String> optionNames();

  /**
   * Checks {@code options} without opening anything.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  void validate(FormatOptions options);

  /**
   * The input adapter {@code description} describes (its format is this one).
   *
   * @throws IllegalArgumentException when the options do not fit the format
   */
  InputAdapter input(DataDescription description);

  /**
   * The output adapter {@code description} describes (its format is this one).
   *
   * @throws IllegalArgumentException when the options do not fit the format
   */
  OutputAdapter output(DataDescription description);

  /**
   * The description of {@code adapter} for the wire, or empty when the adapter is not of this
   * format.
   *
   * @throws IllegalArgumentException when it is of this format but cannot travel (it is already
   *     restricted to a byte range, say), saying why
   */
  Optional<DataDescription> describe(InputAdapter adapter);

  /** As {@link #describe(InputAdapter)}, for an output. */
  Optional<DataDescription> describe(OutputAdapter adapter);

  /**
   * Learns, once and before planning, what every shard of {@code input} must be told (CSV: the
   * header's column names), and returns the description of each shard's input. By default every
   * shard reads the input as described.
   *
   * @param adapter {@code input}'s adapter
   * @param storage where the input is read from
   * @throws IOException when the input cannot be read
   */
  default ShardInputs probe(DataDescription input, InputAdapter adapter, StorageFactory storage)
      throws IOException {
    return index -> input;
  }

  /**
   * Plans the shards of {@code input} from what the format knows of it (a Parquet footer's row
   * groups, a table's key range), or returns empty to let the manager cut byte ranges of equal size
   * (the default). Called once, after {@link #probe}, on the manager; the plan replaces the probe's
   * shard inputs. A plan may have fewer shards than asked (say why in its note), never more than
   * the input can be cut into.
   *
   * @param adapter {@code input}'s adapter
   * @param storage where the input is read from
   * @param shards the most shards wanted, at least 1
   * @throws IOException when the input cannot be read
   */
  default Optional<ShardPlan> planShards(
      DataDescription input, InputAdapter adapter, StorageFactory storage, int shards)
      throws IOException {
    return Optional.empty();
  }

  /**
   * How error parts of this format are read back and written again so that a manager can make their
   * record positions global; empty when this format cannot do it (then error outputs of several
   * shards cannot be merged into it).
   *
   * @param destination the merged error output
   * @param columns the columns every part was written with (empty for formats without a header)
   * @throws IllegalArgumentException when the columns do not fit an error output of this format
   */
  default Optional<ErrorPartLayout> errorParts(DataDescription destination, List<String> columns) {
    return Optional.empty();
  }
}
