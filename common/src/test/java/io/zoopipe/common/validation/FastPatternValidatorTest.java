package io.zoopipe.common.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.pipe.Entry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class FastPatternValidatorTest {
  /** Expressions with the characters a message parameter escapes ({@code { } $ \}). */
  record Contact(
      @Pattern(regexp = "\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*") String email,
      @Pattern(regexp = "[a-z]{2,3}\\$?", flags = Pattern.Flag.CASE_INSENSITIVE) String code,
      @Pattern(regexp = "x+", message = "want {regexp}, got ${validatedValue}") String marks) {}

  private static final List<List<String>> ROWS =
      List.of(
          List.of("  Uma.Garcia760@corp.example.net ", "ab", "xxx"),
          List.of("x at y", "ABC$", "x"),
          List.of("xy", "abcd", ""),
          List.of("a@b.c", "A", "xxy"),
          List.of("a@@b.c", "Zz$$", "{x}"),
          List.of("\ta@b.c\u000b", "é", "x\\"),
          List.of("", "", "xx"));

  private final RowValidator<Contact> validator = new RowValidator<>(Contact.class);
  private final Validator standard =
      Validation.byProvider(HibernateValidator.class)
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  @Test
  void rejectsTheRowsHibernateValidatorRejectsWithItsMessages() {
    for (List<String> row : ROWS) {
      assertThat(violations(row)).as("row %s", row).isEqualTo(standardViolations(row));
    }
    assertThat(violations(ROWS.get(1)))
        .containsExactly(
            new Violation(
                "email", "must match \"\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*\"", "Pattern"));
  }

  @Test
  void aMissingValueIsValidAsWithTheStandardValidator() {
    Map<String, Object> raw = new HashMap<>(Map.of("email", "a@b.c", "code", "ab"));
    Entry entry = Entry.of(raw);

    validator.validate(entry);

    assertThat(entry.errors()).isEmpty();
    assertThat(standard.validate(new Contact("a@b.c", "ab", null))).isEmpty();
  }

  /** A schema whose expression does not compile. */
  record Broken(@Pattern(regexp = "[a-") String code) {}

  @Test
  void anInvalidExpressionIsRefusedNamingIt() {
    RowValidator<Broken> broken = new RowValidator<>(Broken.class);
    Entry entry = Entry.of(new HashMap<>(Map.of("code", "a")));

    assertThatThrownBy(() -> broken.validate(entry))
        .hasStackTraceContaining("invalid regular expression in @Pattern")
        .hasStackTraceContaining("[a-");
  }

  @Test
  void theMessageParameterIsEscapedAsHibernateValidatorEscapesIt() {
    assertThat(FastPatternValidator.escape("a\\{1}$b")).isEqualTo("a\\\\\\{1\\}\\$b");
  }

  @Test
  void threadsValidatingAtOnceGetEachRowsOwnResult() throws Exception {
    List<List<Violation>> expected = new ArrayList<>();
    for (List<String> row : ROWS) {
      expected.add(standardViolations(row));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int offset = thread;
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    int row = (i + offset) % ROWS.size();
                    if (!violations(ROWS.get(row)).equals(expected.get(row))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> run : runs) {
        assertThat(run.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Violation> violations(List<String> row) {
    Entry entry = Entry.of(Map.of("email", row.get(0), "code", row.get(1), "marks", row.get(2)));
    validator.validate(entry);
    return entry.errors();
  }

  private List<Violation> standardViolations(List<String> row) {
    List<Violation> found = new ArrayList<>();
    for (ConstraintViolation<Contact> violation :
        standard.validate(new Contact(row.get(0), row.get(1), row.get(2)))) {
      found.add(
          new Violation(violation.getPropertyPath().toString(), violation.getMessage(), "Pattern"));
    }
    found.sort(Comparator.comparing(Violation::field, Comparator.nullsFirst(String::compareTo)));
    return found;
  }
}
