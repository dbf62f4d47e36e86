package io.zoopipe.examples.etl;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The three columns the heavy-ETL job keeps out of 28 (the rest are never decoded). A username must
 * have a non-blank character; an email, once trimmed, must look like {@code local@domain.tld}: no
 * whitespace, exactly one {@code @}, a dot in the domain.
 */
public record HeavyEtlSchema(
    @JsonProperty("user_id")
        @NotNull
        @Pattern(regexp = "\\s*\\S+\\s*", message = "must not be blank")
        String userId,
    @NotNull @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String username,
    @NotNull
        @Pattern(
            regexp = "\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*",
            message = "must look like local@domain.tld")
        String email) {}
