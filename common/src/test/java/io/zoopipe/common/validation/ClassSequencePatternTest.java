package io.zoopipe.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every text matches exactly when {@code java.util.regex} says it does. */
class ClassSequencePatternTest {
  private static final List<String> ATOMS =
      List.of(
          "a",
          "b",
          "é",
          "@",
          "\\.",
          "\\-",
          "-",
          " ",
          "\\s",
          "\\S",
          "\\d",
          "\\D",
          "\\w",
          "\\W",
          "\\t",
          "[^\\s@]",
          "[a-c]",
          "[^a-c\\d]",
          "[x_\\-.]",
          "[\\w@]",
          "[^é]",
          ",");
  private static final List<String> QUANTIFIERS =
      List.of("", "", "*", "+", "?", "{2}", "{1,3}", "{2,}", "{0,2}", "*?", "+?", "??", "{1,2}?");
  private static final String ALPHABET = "ab c@._-\t\u000b\n\r\fé1Z\u00a0\u0085\u2028x";

  @Test
  void matchesTheTextsTheJdkMatchesForRandomExpressions() {
    Random random = new Random(5);
    int matched = 0;
    for (int n = 0; n < 3_000; n++) {
      StringBuilder regex = new StringBuilder();
      int atoms = 1 + random.nextInt(6);
      for (int i = 0; i < atoms; i++) {
        regex.append(ATOMS.get(random.nextInt(ATOMS.size())));
        regex.append(QUANTIFIERS.get(random.nextInt(QUANTIFIERS.size())));
      }
      matched += assertAgrees(regex.toString(), random, 200);
    }
    assertThat(matched).as("texts matched, of 600,000").isBetween(20_000, 580_000);
  }

  @Test
  void matchesTheEmailShapeAsTheJdkDoes() {
    String regex = "\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*";
    ClassSequencePattern pattern = ClassSequencePattern.compile(regex, 0);

    assertThat(pattern).isNotNull();
    for (String text :
        List.of(
            "  Uma.García760@corp.example.net ",
            "a@b.c",
            "x at y",
            "xy",
            "a@@b.c",
            "a@b.",
            "a@.b",
            "@b.c",
            "a@b..c",
            "\ta@b.c\u000b",
            "a@b.c\u00a0",
            "a\uD83D\uDE00@b.c",
            "a\uD83D@b.c",
            "a@b.\uDE00",
            "")) {
      assertThat(pattern.matches(text))
          .as("%s", text)
          .isEqualTo(Pattern.compile(regex).matcher(text).matches());
    }
    assertThat(assertAgrees(regex, new Random(9), 50_000)).isPositive();
  }

  @Test
  void declinesEverythingElse() {
    for (String regex :
        List.of(
            "a|b", "(a)", "a.", "^a", "a$", "a++", "a*+", "[a&&b]", "\\p{L}", "\\bx", "\\1",
            "\\Qa\\E", "[]a]", "[-a]", "[a-]", "[^]", "\\x41", "\\u0041", "a{3,2}", "a{", "\uD83D",
            "\\h", "\\v", "[\\s-x]")) {
      assertThat(ClassSequencePattern.compile(regex, 0)).as(regex).isNull();
    }
    assertThat(ClassSequencePattern.compile("a", Pattern.CASE_INSENSITIVE)).isNull();
  }

  /** Returns how many of the texts matched. */
  private static int assertAgrees(String regex, Random random, int texts) {
    ClassSequencePattern pattern = ClassSequencePattern.compile(regex, 0);
    assertThat(pattern).as(regex).isNotNull();
    Pattern jdk = Pattern.compile(regex);
    int matched = 0;
    for (int i = 0; i < texts; i++) {
      String text = text(random);
      boolean expected = jdk.matcher(text).matches();
      assertThat(pattern.matches(text)).as("%s on '%s'", regex, text).isEqualTo(expected);
      matched += expected ? 1 : 0;
    }
    return matched;
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(ALPHABET.length() + 3);
      if (pick < ALPHABET.length()) {
        text.append(ALPHABET.charAt(pick));
      } else if (pick == ALPHABET.length()) {
        text.append("\uD83D\uDE00"); // a code point outside the BMP
      } else if (pick == ALPHABET.length() + 1) {
        text.append('\uD83D'); // a lone high surrogate
      } else {
        text.append('\uDE00'); // a lone low surrogate
      }
    }
    return text.toString();
  }
}
