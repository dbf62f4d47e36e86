package io.zoopipe.endtoend.testing;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * The schema of the fuzz tests' records ({@link MalformedInputs#COLUMNS} but {@code note}): a
 * non-negative id, a name, and an optional amount, which a huge number turns into an infinity.
 */
public record FuzzRecord(@Min(0) long id, @NotNull String name, @Nullable Double amount) {}
