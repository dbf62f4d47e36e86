package io.zoopipe.common.validation;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.cfg.ConstraintMapping;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Validates entries against a schema: binds the raw row to the schema type ({@link SchemaBinder})
 * and checks it with Bean Validation (Hibernate Validator). A valid entry gets its typed object as
 * validated data and status VALIDATED; an invalid one is failed with every reason. A row's outcome
 * depends on the row alone. Thread-safe; built once per run.
 */
public final class RowValidator<T> {
  private static final ValidatorFactory FACTORY = factory();

  private final SchemaBinder<T> binder;
  private final Validator validator;
  private final boolean constrained;

  public RowValidator(Class<T> schema) {
    this.binder = SchemaBinder.of(requireNonNull(schema, "schema is null"));
    this.validator = FACTORY.getValidator();
    this.constrained = validator.getConstraintsForClass(schema).isBeanConstrained();
  }

  public SchemaBinder<T> binder() {
    return binder;
  }

  /** Validates one pending entry in place. */
  public void validate(Entry entry) {
    List<Violation> errors = new ArrayList<>(0);
    T value = binder.bind(entry.rawData(), errors);
    if (value != null && constrained) {
      Set<ConstraintViolation<T>> violations = validator.validate(value);
      if (!violations.isEmpty()) {
        addConstraintViolations(violations, errors);
      }
    }
    if (errors.isEmpty() && value != null) {
      entry.setValidatedData(value);
      entry.setStatus(EntryStatus.VALIDATED);
    } else {
      errors.forEach(entry::fail);
    }
  }

  private void addConstraintViolations(
      Set<ConstraintViolation<T>> violations, List<Violation> errors) {
    // A field that failed conversion holds a placeholder: its constraint results mean nothing.
    Set<String> unconverted = new HashSet<>();
    for (Violation error : errors) {
      if (error.field() != null) {
        unconverted.add(error.field());
      }
    }
    List<Violation> found = new ArrayList<>(violations.size());
    for (ConstraintViolation<T> violation : violations) {
      String path = violation.getPropertyPath().toString();
      String column = path.isEmpty() ? null : binder.columnOf(rootName(path));
      if (column != null && unconverted.contains(column)) {
        continue;
      }
      String constraint =
          violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
      found.add(
          new Violation(
              column == null ? null : column + suffix(path), violation.getMessage(), constraint));
    }
    found.sort(
        (a, b) ->
            String.valueOf(a.field()).compareTo(String.valueOf(b.field())) != 0
                ? String.valueOf(a.field()).compareTo(String.valueOf(b.field()))
                : a.type().compareTo(b.type()));
    errors.addAll(found);
  }

  private static ValidatorFactory factory() {
    HibernateValidatorConfiguration configuration =
        Validation.byProvider(HibernateValidator.class)
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator());
    // @Pattern without a new Matcher per value: it was a tenth of a job's CPU time.
    ConstraintMapping mapping = configuration.createConstraintMapping();
    mapping
        .constraintDefinition(Pattern.class)
        .includeExistingValidators(false)
        .validatedBy(FastPatternValidator.class);
    return configuration.addMapping(mapping).buildValidatorFactory();
  }

  private static String rootName(String path) {
    int end = 0;
    while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
      end++;
    }
    return path.substring(0, end);
  }

  private static String suffix(String path) {
    return path.substring(rootName(path).length());
  }
}
