package io.zoopipe.examples.etl;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@link HeavyEtlSchema} as a new user writes it from the README: the standard constraints only, a
 * {@code @Pattern} for the email shape (whitespace allowed around it, as the hook strips it). Valid
 * and invalid rows are those of the tuned schema on the benchmark's data (whose only whitespace is
 * spaces); the violations name the standard constraints.
 */
public record PlainEtlSchema(
    @JsonProperty("user_id") @NotBlank String userId,
    @NotBlank String username,
    @NotNull @Pattern(regexp = "\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*") String email) {}
