package io.zoopipe.common.validation;

import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.metadata.ConstraintDescriptor;
import java.util.regex.Matcher;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidator;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorInitializationContext;
import org.hibernate.validator.internal.constraintvalidators.bv.PatternValidator;
import org.jspecify.annotations.Nullable;

/**
 * The validator {@link RowValidator} runs for {@code @Pattern} on text: Hibernate Validator's own
 * {@link PatternValidator} (which compiles the expression, rejects an invalid one and, for a value
 * that does not match, supplies the message's {@code regexp}), matching faster: with a {@link
 * Matcher} kept per thread and reset, instead of a new one per value, and without the message
 * parameter for a value that matches. A value that does not match goes to the standard validator,
 * which adds the message parameter (only a violation's message uses it) and has the last word. The
 * same values are valid, with the same messages.
 *
 * <p>Thread-safe: one instance serves every thread, each with its own matcher.
 */
public final class FastPatternValidator
    implements HibernateConstraintValidator<Pattern, CharSequence> {
  private final PatternValidator standard = new PatternValidator();
  private @Nullable ThreadLocal<Matcher> matchers;

  @Override
  public void initialize(
      ConstraintDescriptor<Pattern> descriptor,
      HibernateConstraintValidatorInitializationContext context) {
    standard.initialize(descriptor, context); // throws as usual on an invalid expression
    Pattern annotation = descriptor.getAnnotation();
    int flags = 0;
    for (Pattern.Flag flag : annotation.flags()) {
      flags |= flag.getValue();
    }
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(annotation.regexp(), flags);
    this.matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
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
    // A mismatch goes through the standard validator: it adds the message parameter.
    return matches || standard.isValid(value, context);
  }
}
