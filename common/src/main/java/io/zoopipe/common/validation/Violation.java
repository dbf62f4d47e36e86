package io.zoopipe.common.validation;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One reason a row failed.
 *
 * @param field the column or schema field at fault, or null when the whole row is at fault
 * @param message a human-readable explanation naming the value where that helps
 * @param type what kind of check failed: a Bean Validation constraint name ({@code NotBlank},
 *     {@code Email}), {@code type} for a failed conversion, {@code parse} for a malformed record,
 *     {@code hook} for a hook's own check, or {@code output} for a value or record the output
 *     cannot hold (a number its format cannot write, a key outside a fixed CSV header)
 */
public record Violation(@Nullable String field, String message, String type) {
  public static final String TYPE_CONVERSION = "type";
  public static final String PARSE = "parse";
  public static final String HOOK = "hook";
  public static final String OUTPUT = "output";

  public Violation {
    requireNonNull(message, "message is null");
    requireNonNull(type, "type is null");
  }

  public static Violation parse(String message) {
    return new Violation(null, message, PARSE);
  }

  @Override
  public String toString() {
    return (field == null ? "" : field + ": ") + message + " (" + type + ")";
  }
}
