package io.zoopipe.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4) for tests: every sample line is {@code
 * name{labels} value}, every family has a non-empty HELP and a TYPE, and every sample belongs to a
 * declared family. Its samples are keyed by {@code name{labels}} exactly as written.
 */
public final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)"
              + "(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*\\})?"
              + " (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");
  private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)");
  private static final Pattern TYPE =
      Pattern.compile(
          "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|untyped)");
  private static final List<String> SUFFIXES = List.of("", "_count", "_sum", "_bucket", "_created");

  private final Map<String, Double> samples;

  private PrometheusText(Map<String, Double> samples) {
    this.samples = samples;
  }

  /** Parses {@code text}, failing the test on any line that is not well formed. */
  public static PrometheusText parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, String> types = new HashMap<>();
    Set<String> helped = new HashSet<>();
    Set<String> sampleNames = new HashSet<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        Matcher help = HELP.matcher(line);
        assertThat(help.matches()).as("HELP line with text: %s", line).isTrue();
        assertThat(helped.add(help.group(1))).as("one HELP for %s", help.group(1)).isTrue();
      } else if (line.startsWith("# TYPE ")) {
        Matcher type = TYPE.matcher(line);
        assertThat(type.matches()).as("TYPE line: %s", line).isTrue();
        assertThat(types.put(type.group(1), type.group(2)))
            .as("one TYPE for %s", type.group(1))
            .isNull();
      } else {
        assertThat(line).as("comment or sample").doesNotStartWith("#");
        Matcher sample = SAMPLE.matcher(line);
        assertThat(sample.matches()).as("sample line: %s", line).isTrue();
        String key = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
        assertThat(samples.put(key, Double.parseDouble(sample.group(3).replace("Inf", "Infinity"))))
            .as("one sample for %s", key)
            .isNull();
        sampleNames.add(sample.group(1));
      }
    }
    assertThat(helped).as("families with HELP").isEqualTo(types.keySet());
    for (String name : sampleNames) {
      assertThat(SUFFIXES.stream().anyMatch(s -> familyOf(name, s, types)))
          .as("sample %s belongs to a family with a TYPE", name)
          .isTrue();
    }
    return new PrometheusText(samples);
  }

  /** The value of the sample written exactly as {@code key}, such as {@code a_total{b="c"}}. */
  public double value(String key) {
    Double value = samples.get(key);
    assertThat(value).as("sample %s in %s", key, samples.keySet()).isNotNull();
    return value;
  }

  public Set<String> keys() {
    return samples.keySet();
  }

  private static boolean familyOf(String name, String suffix, Map<String, String> types) {
    return name.endsWith(suffix)
        && types.containsKey(name.substring(0, name.length() - suffix.length()));
  }
}
