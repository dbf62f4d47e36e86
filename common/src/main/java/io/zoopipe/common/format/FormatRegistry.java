package io.zoopipe.common.format;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The formats that can be named: every {@link FormatProvider} on the class path ({@link
 * #installed()}), or a given list. Looks a format up by name or alias, or by a file name's
 * extension once {@code .gz}/{@code .zst} is stripped (the longest claimed extension wins), and
 * fails with a message listing what is known. Immutable; thread-safe.
 */
public final class FormatRegistry {
  private final List<FormatProvider> providers;
  private final Map<String, FormatProvider> byName = new LinkedHashMap<>();
  private final List<Map.Entry<String, FormatProvider>> byExtension = new ArrayList<>();

  /**
   * @throws IllegalArgumentException when two providers claim the same name, alias or extension
   */
  public FormatRegistry(List<FormatProvider> providers) {
    List<FormatProvider> sorted = new ArrayList<>(providers);
    sorted.sort(Comparator.comparing(FormatProvider::name));
    this.providers = List.copyOf(sorted);
    Map<String, FormatProvider> extensions = new LinkedHashMap<>();
    for (FormatProvider provider : this.providers) {
      claim(byName, "name", provider.name(), provider);
      for (String alias : provider.aliases()) {
        claim(byName, "name", alias, provider);
      }
      for (String extension : provider.extensions()) {
        claim(extensions, "extension", extension, provider);
      }
    }
    byExtension.addAll(extensions.entrySet());
    byExtension.sort(Comparator.comparing((Map.Entry<String, ?> e) -> -e.getKey().length()));
  }

  /** The providers registered through {@link ServiceLoader}, loaded once. */
  public static FormatRegistry installed() {
    return Installed.REGISTRY;
  }

  /** Every provider, by name. */
  public List<FormatProvider> providers() {
    return providers;
  }

  /**
   * The format called {@code name} (a name or an alias, any case).
   *
   * @throws IllegalArgumentException when no provider has that name
   */
  public FormatProvider forName(String name) {
    FormatProvider provider = byName.get(name.strip().toLowerCase(Locale.ROOT));
    if (provider == null) {
      throw new IllegalArgumentException(
          "unknown format '" + name + "'; known formats: " + knownNames());
    }
    return provider;
  }

  /**
   * The format a file name's extension implies, compression extensions stripped.
   *
   * @throws IllegalArgumentException when no provider claims the extension
   */
  public FormatProvider forFileName(String fileName) {
    return detect(fileName)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "cannot tell the format of '"
                        + fileName
                        + "' from its extension ("
                        + String.join(", ", knownExtensions())
                        + ", optionally .gz or .zst); name it with a format option"));
  }

  /**
   * The format of {@code location}: the one that claims its scheme ({@link
   * FormatProvider#schemes()}), else the one its file name's extension implies.
   *
   * @throws IllegalArgumentException when no provider claims either
   */
  public FormatProvider forLocation(Location location) {
    for (FormatProvider provider : providers) {
      if (provider.schemes().contains(location.scheme())) {
        return provider;
      }
    }
    if (location.isDatabase()) {
      throw new IllegalArgumentException(
          "no format reads or writes " + location + "; add io.zoopipe:zoopipe-format-jdbc");
    }
    return forFileName(location.fileName());
  }

  /** As {@link #forLocation}, empty when no provider claims the location. */
  public Optional<FormatProvider> detect(Location location) {
    for (FormatProvider provider : providers) {
      if (provider.schemes().contains(location.scheme())) {
        return Optional.of(provider);
      }
    }
    return location.isDatabase() ? Optional.empty() : detect(location.fileName());
  }

  /** The format a file name's extension implies, if a provider claims it. */
  public Optional<FormatProvider> detect(String fileName) {
    String name = Compression.stripExtension(fileName).toLowerCase(Locale.ROOT);
    for (Map.Entry<String, FormatProvider> entry : byExtension) {
      if (name.endsWith(entry.getKey())) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * The description of {@code adapter}, from the first provider that knows its kind.
   *
   * @throws IllegalArgumentException when a provider knows it but it cannot travel, saying why
   */
  public Optional<DataDescription> describe(InputAdapter adapter) {
    for (FormatProvider provider : providers) {
      Optional<DataDescription> description = provider.describe(adapter);
      if (description.isPresent()) {
        return description;
      }
    }
    return Optional.empty();
  }

  /** As {@link #describe(InputAdapter)}, for an output. */
  public Optional<DataDescription> describe(OutputAdapter adapter) {
    for (FormatProvider provider : providers) {
      Optional<DataDescription> description = provider.describe(adapter);
      if (description.isPresent()) {
        return description;
      }
    }
    return Optional.empty();
  }

  /** The names of the formats, with their aliases: {@code csv (tsv), json, jsonl (ndjson)}. */
  public String knownNames() {
    if (providers.isEmpty()) {
      return "none (no format module is on the class path)";
    }
    List<String> names = new ArrayList<>();
    for (FormatProvider provider : providers) {
      names.add(
          provider.aliases().isEmpty()
              ? provider.name()
              : provider.name()
                  + " ("
                  + String.join(", ", new TreeSet<>(provider.aliases()))
                  + ")");
    }
    return String.join(", ", names);
  }

  private List<String> knownExtensions() {
    List<String> extensions = new ArrayList<>();
    for (FormatProvider provider : providers) {
      extensions.addAll(new TreeSet<>(provider.extensions()));
    }
    return extensions;
  }

  private static void claim(
      Map<String, FormatProvider> claims, String what, String key, FormatProvider provider) {
    requireNonNull(key, "a " + what + " of " + provider.getClass().getName() + " is null");
    String normal = key.toLowerCase(Locale.ROOT);
    FormatProvider previous = claims.putIfAbsent(normal, provider);
    if (previous != null) {
      throw new IllegalArgumentException(
          "formats "
              + previous.name()
              + " and "
              + provider.name()
              + " both claim the "
              + what
              + " '"
              + key
              + "'");
    }
  }

  /** Loaded on first use, through the class loader of this class. */
  private static final class Installed {
    static final FormatRegistry REGISTRY = load();

    private static FormatRegistry load() {
      List<FormatProvider> providers = new ArrayList<>();
      ServiceLoader.load(FormatProvider.class, FormatRegistry.class.getClassLoader())
          .forEach(providers::add);
      return new FormatRegistry(providers);
    }
  }
}
