package io.zoopipe.common.validation;

import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Reads the atoms and quantifiers of a regular expression in {@code java.util.regex} syntax, for
 * {@link ClassSequencePattern}: a character, an escaped punctuation character, {@code \t \n \r \f},
 * {@code \s \S \d \D \w \W} (their ASCII meanings, as without flags) or a class of those and
 * ranges, possibly negated. Anything else (groups, alternatives, anchors, {@code .}, other escapes,
 * intersections, surrogates, possessive quantifiers) is declined with null. Not thread-safe.
 */
final class RegexReader {
  private static final IntPredicate SPACE =
      c -> c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  private static final IntPredicate DIGIT = c -> c >= '0' && c <= '9';
  private static final IntPredicate WORD =
      c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');

  private final String regex;
  private int position;

  RegexReader(String regex) {
    this.regex = regex;
  }

  boolean atEnd() {
    return position >= regex.length();
  }

  /** The next atom's test, or null when it is not a character or a class. */
  @Nullable IntPredicate atom() {
    char c = regex.charAt(position++);
    if (c == '\\') {
      return escape(false);
    }
    if (c == '[') {
      return characterClass();
    }
    if (".()|^$*+?{}]".indexOf(c) >= 0 || Character.isSurrogate(c)) {
      return null;
    }
    return single(c);
  }

  /**
   * The quantifier that follows an atom as {min, max} (max -1: unbounded; {1, 1} when there is
   * none), or null for a possessive or malformed one.
   */
  int @Nullable [] quantifier() {
    if (atEnd()) {
      return new int[] {1, 1};
    }
    char c = regex.charAt(position);
    int[] bounds;
    if (c == '*') {
      bounds = new int[] {0, -1};
      position++;
    } else if (c == '+') {
      bounds = new int[] {1, -1};
      position++;
    } else if (c == '?') {
      bounds = new int[] {0, 1};
      position++;
    } else if (c == '{') {
      bounds = braces();
      if (bounds == null) {
        return null;
      }
    } else {
      return new int[] {1, 1};
    }
    if (!atEnd() && regex.charAt(position) == '?') {
      position++; // lazy: it matches the same texts
    }
    if (!atEnd() && "*+?{".indexOf(regex.charAt(position)) >= 0) {
      return null; // possessive, or a quantifier of a quantifier
    }
    return bounds;
  }

  private int @Nullable [] braces() {
    int close = regex.indexOf('}', position);
    if (close < 0) {
      return null;
    }
    String inside = regex.substring(position + 1, close);
    position = close + 1;
    if (!inside.matches("[0-9]{1,2}(,[0-9]{0,2})?")) {
      return null;
    }
    int comma = inside.indexOf(',');
    if (comma < 0) {
      int exactly = Integer.parseInt(inside);
      return new int[] {exactly, exactly};
    }
    int min = Integer.parseInt(inside.substring(0, comma));
    int max = comma == inside.length() - 1 ? -1 : Integer.parseInt(inside.substring(comma + 1));
    return max >= 0 && max < min ? null : new int[] {min, max};
  }

  /** After a backslash: a class escape, a control escape or an escaped punctuation character. */
  private @Nullable IntPredicate escape(boolean inClass) {
    if (atEnd()) {
      return null;
    }
    char c = regex.charAt(position++);
    return switch (c) {
      case 's' -> SPACE;
      case 'S' -> SPACE.negate();
      case 'd' -> DIGIT;
      case 'D' -> DIGIT.negate();
      case 'w' -> WORD;
      case 'W' -> WORD.negate();
      case 't' -> single('\t');
      case 'n' -> single('\n');
      case 'r' -> single('\r');
      case 'f' -> single('\f');
      default -> {
        boolean punctuation = c < 128 && !Character.isLetterOrDigit(c) && c > ' ';
        if (!punctuation || (inClass && c == '&')) {
          yield null;
        }
        yield single(c);
      }
    };
  }

  /** After {@code [}: a union of characters, ranges and class escapes, possibly negated. */
  private @Nullable IntPredicate characterClass() {
    boolean negated = position < regex.length() && regex.charAt(position) == '^';
    if (negated) {
      position++;
    }
    IntPredicate union = null;
    boolean first = true;
    while (true) {
      if (atEnd()) {
        return null;
      }
      char c = regex.charAt(position++);
      if (c == ']' && !first) {
        break;
      }
      if (c == ']' || c == '[' || c == '&' || c == '-' || c == '^' || Character.isSurrogate(c)) {
        return null; // in first place, nested, intersections, unclear ranges: left to the JDK
      }
      first = false;
      IntPredicate item;
      if (c == '\\') {
        item = escape(true);
        if (item == null) {
          return null;
        }
      } else if (position + 1 < regex.length()
          && regex.charAt(position) == '-'
          && regex.charAt(position + 1) != ']') {
        char to = regex.charAt(position + 1);
        if (to == '\\' || to == '[' || Character.isSurrogate(to) || to < c) {
          return null;
        }
        position += 2;
        char from = c;
        item = x -> x >= from && x <= to;
      } else {
        item = single(c);
      }
      union = union == null ? item : union.or(item);
    }
    return union == null ? null : negated ? union.negate() : union;
  }

  private static IntPredicate single(char c) {
    return x -> x == c;
  }
}
