package io.zoopipe.common.validation;

import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.metadata.ConstraintDescriptor;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidator;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorInitializationContext;
import org.hibernate.validator.messageinterpolation.MessageParameterEscaping;
import org.jspecify.annotations.Nullable;

/**
 * The validator {@link RowValidator} runs for {@code @Pattern} on text in place of Hibernate
 * Validator's own: the same verdicts and messages, matching faster, with a {@link Matcher} kept per
 * thread and reset instead of a new one per value, and the {@code regexp} message parameter added
 * only for a value that does not match (only a violation's message uses it). The parameter is
 * escaped as Hibernate Validator escapes it ({@code \ { } $} each behind a backslash), so that an
 * expression in a message reads the same; {@code FastPatternValidatorTest} compares verdicts and
 * messages with the standard validator's. Only public Hibernate Validator API is used.
 *
 * <p>Thread-safe: one instance serves every thread, each with its own matcher.
 */
public final class FastPatternValidator
    implements HibernateConstraintValidator<Pattern, CharSequence> {
  private @Nullable ThreadLocal<Matcher> matchers;
  private String escapedRegexp = "";

  @Override
  public void initialize(
      ConstraintDescriptor<Pattern> descriptor,
      HibernateConstraintValidatorInitializationContext context) {
    Pattern annotation = descriptor.getAnnotation();
    int flags = 0;
    for (Pattern.Flag flag : annotation.flags()) {
      flags |= flag.getValue();
    }
    java.util.regex.Pattern pattern;
    try {
      pattern = java.util.regex.Pattern.compile(annotation.regexp(), flags);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid regular expression in @Pattern: " + e.getMessage(), e);
    }
    this.matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
    this.escapedRegexp = escape(annotation.regexp());
  }

  @Override
  public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
    if (value == null) {
      return true;
    }
    ThreadLocal<Matcher> perThread = matchers;
    if (perThread == null) {
      throw new IllegalStateException("the @Pattern validator was used before its initialize()");
    }
    Matcher matcher = perThread.get().reset(value);
    boolean matches = matcher.matches();
    matcher.reset(""); // holds no reference to the row's text
    if (!matches && context instanceof HibernateConstraintValidatorContext) {
      context
          .unwrap(HibernateConstraintValidatorContext.class)
          .addMessageParameter("regexp", escapedRegexp, MessageParameterEscaping.NONE);
    }
    return matches;
  }

  /** {@code text} with each of {@code \ { } $} behind a backslash, as a message parameter. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == '{' || c == '}' || c == '$') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }
}
