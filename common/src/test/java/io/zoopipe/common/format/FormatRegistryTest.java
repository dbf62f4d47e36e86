package io.zoopipe.common.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.job.DataDescription;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatRegistryTest {
  private final FormatRegistry registry =
      new FormatRegistry(
          List.of(
              new Fake("text", Set.of("plain"), Set.of(".txt")),
              new Fake("table", Set.of(), Set.of(".tab", ".txt.tab"))));

  @Test
  void findsAFormatByNameOrAliasInAnyCase() {
    assertThat(registry.forName("text").name()).isEqualTo("text");
    assertThat(registry.forName(" PLAIN ").name()).isEqualTo("text");
  }

  @Test
  void findsAFormatByItsLongestExtensionOnceCompressionIsStripped() {
    assertThat(registry.forFileName("dir/a.TXT").name()).isEqualTo("text");
    assertThat(registry.forFileName("a.txt.tab.zst").name()).isEqualTo("table");
    assertThat(registry.detect("a.parquet")).isEmpty();
  }

  @Test
  void anUnknownNameOrExtensionListsTheKnownOnes() {
    assertThatThrownBy(() -> registry.forName("xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown format 'xml'; known formats: table, text (plain)");
    assertThatThrownBy(() -> registry.forFileName("a.xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot tell the format of 'a.xml'")
        .hasMessageContaining(".tab, .txt.tab, .txt");
  }

  @Test
  void refusesTwoProvidersClaimingTheSameNameOrExtension() {
    assertThatThrownBy(
            () ->
                new FormatRegistry(
                    List.of(
                        new Fake("a", Set.of(), Set.of(".x")),
                        new Fake("b", Set.of(), Set.of(".X")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("formats a and b both claim the extension '.X'");
    assertThatThrownBy(
            () ->
                new FormatRegistry(
                    List.of(
                        new Fake("a", Set.of("b"), Set.of()), new Fake("b", Set.of(), Set.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both claim the name 'b'");
  }

  @Test
  void anEmptyRegistrySaysThatNoFormatIsInstalled() {
    FormatRegistry empty = new FormatRegistry(List.of());

    assertThatThrownBy(() -> empty.forName("csv"))
        .hasMessageContaining("no format module is on the class path");
    assertThat(empty.describe(new MemoryOutputAdapter())).isEmpty();
  }

  /** A provider that only names itself. */
  private record Fake(String name, Set<String> aliases, Set<String> extensions)
      implements FormatProvider {
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
      options.requireKnown(name, optionNames());
    }

    @Override
    public InputAdapter input(DataDescription description) {
      return new MemoryInputAdapter(List.of());
    }

    @Override
    public OutputAdapter output(DataDescription description) {
      return new MemoryOutputAdapter();
    }

    @Override
    public Optional<DataDescription> describe(InputAdapter adapter) {
      return Optional.empty();
    }

    @Override
    public Optional<DataDescription> describe(OutputAdapter adapter) {
      return Optional.empty();
    }
  }
}
