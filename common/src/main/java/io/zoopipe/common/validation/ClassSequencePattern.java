package io.zoopipe.common.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * A regular expression made only of single characters and character classes ({@code a}, {@code \.},
 * {@code \s}, {@code [^\s@]}, {@code [a-z0-9_]}), each with an optional quantifier ({@code * + ?
 * {n} {n,} {n,m}}, greedy or lazy), matched against a whole text exactly as {@link
 * java.util.regex.Matcher#matches()} would (without flags): such an expression has no groups,
 * alternatives, anchors or possessive parts, so the texts it matches are those of its regular
 * language, decided here in one pass over the text's code points: ASCII characters step through a
 * table of states built in advance, others through the expression's units. {@link #compile}
 * declines (returns null) anything outside that subset, which is then left to {@code
 * java.util.regex}.
 *
 * <p>Immutable and thread-safe.
 */
final class ClassSequencePattern {
  private static final int MAX_UNITS = 63;
  private static final int MAX_STATES = 256;
  private static final int MAX_REPEAT = 16;

  /** The units of the expanded expression: unit i's character test, and whether it may repeat. */
  private final IntPredicate[] tests;

  private final long loops;
  private final long optional;
  private final long accepting;

  /** For each state: its set of units, whether it accepts, the next state per ASCII character. */
  private final long[] stateSets;

  private final boolean[] acceptingStates;
  private final int[] asciiNext;
  private final Map<Long, Integer> stateOfSet;
  private final int deadState;
  private final long start;

  private ClassSequencePattern(List<IntPredicate> units, long loops, long optional) {
    this.tests = units.toArray(new IntPredicate[0]);
    this.loops = loops;
    this.optional = optional;
    this.accepting = 1L << units.size();
    this.start = closure(1L);
    List<Long> sets = new ArrayList<>();
    Map<Long, Integer> index = new HashMap<>();
    List<int[]> rows = new ArrayList<>();
    sets.add(start);
    index.put(start, 0);
    for (int state = 0; state < sets.size() && sets.size() <= MAX_STATES; state++) {
      int[] row = new int[128];
      for (int c = 0; c < 128; c++) {
        long next = step(sets.get(state), c);
        Integer known = index.get(next);
        if (known == null) {
          known = sets.size();
          sets.add(next);
          index.put(next, known);
        }
        row[c] = known;
      }
      rows.add(row);
    }
    this.stateSets = new long[rows.size()];
    this.acceptingStates = new boolean[rows.size()];
    this.asciiNext = new int[rows.size() * 128];
    for (int i = 0; i < rows.size(); i++) {
      stateSets[i] = sets.get(i);
      acceptingStates[i] = (sets.get(i) & accepting) != 0;
      System.arraycopy(rows.get(i), 0, asciiNext, i * 128, 128);
    }
    Map<Long, Integer> tabled = new HashMap<>();
    index.forEach(
        (set, state) -> {
          if (state < rows.size()) {
            tabled.put(set, state);
          }
        });
    this.stateOfSet = Map.copyOf(tabled);
    Integer dead = tabled.get(0L);
    this.deadState = dead == null ? -1 : dead;
  }

  /** Whether every state reached by ASCII characters has its row in the table. */
  private boolean complete() {
    for (int next : asciiNext) {
      if (next >= stateSets.length) {
        return false;
      }
    }
    return true;
  }

  /**
   * The expression compiled, or null when it uses anything but characters, classes and quantifiers,
   * or any flag.
   */
  static @Nullable ClassSequencePattern compile(String regex, int flags) {
    if (flags != 0) {
      return null;
    }
    List<IntPredicate> units = new ArrayList<>();
    long loops = 0;
    long optional = 0;
    RegexReader reader = new RegexReader(regex);
    while (!reader.atEnd()) {
      IntPredicate atom = reader.atom();
      if (atom == null) {
        return null;
      }
      int[] bounds = reader.quantifier(); // {min, max}, max -1 for unbounded
      if (bounds == null || bounds[0] > MAX_REPEAT || bounds[1] > MAX_REPEAT) {
        return null;
      }
      for (int i = 0; i < bounds[0]; i++) {
        units.add(atom);
      }
      int extra = bounds[1] < 0 ? 1 : bounds[1] - bounds[0];
      for (int i = 0; i < extra; i++) {
        if (units.size() >= MAX_UNITS) {
          return null;
        }
        optional |= 1L << units.size();
        if (bounds[1] < 0) {
          loops |= 1L << units.size();
        }
        units.add(atom);
      }
      if (units.size() > MAX_UNITS) {
        return null;
      }
    }
    ClassSequencePattern pattern = new ClassSequencePattern(units, loops, optional);
    return pattern.complete() ? pattern : null;
  }

  /** Whether the whole of {@code text} matches. */
  boolean matches(CharSequence text) {
    int state = 0; // the table's state, or -1 when only the set of units is known
    long units = start;
    int length = text.length();
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      if (c < 128 && state >= 0) {
        state = asciiNext[(state << 7) | c];
        if (state == deadState) {
          return false;
        }
        i++;
      } else {
        if (state >= 0) {
          units = stateSets[state];
        }
        int codePoint = Character.codePointAt(text, i);
        i += Character.charCount(codePoint);
        units = step(units, codePoint);
        if (units == 0) {
          return false;
        }
        Integer known = stateOfSet.get(units);
        state = known == null ? -1 : known;
      }
    }
    return state >= 0 ? acceptingStates[state] : (units & accepting) != 0;
  }

  /** The units reachable after reading {@code codePoint} from those of {@code set}. */
  private long step(long set, int codePoint) {
    long next = 0;
    for (long rest = set & ~accepting; rest != 0; rest &= rest - 1) {
      int unit = Long.numberOfTrailingZeros(rest);
      if (tests[unit].test(codePoint)) {
        long bit = 1L << unit;
        next |= (loops & bit) != 0 ? bit : bit << 1;
      }
    }
    return closure(next);
  }

  /** The set with every unit reachable by skipping optional units. */
  private long closure(long set) {
    long closed = set;
    long added;
    do {
      added = ((closed & optional) << 1) & ~closed;
      closed |= added;
    } while (added != 0);
    return closed;
  }
}
