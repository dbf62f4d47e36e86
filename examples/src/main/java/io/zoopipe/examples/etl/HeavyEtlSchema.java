package io.zoopipe.examples.etl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The three columns the heavy-ETL job keeps out of 28 (the rest are never decoded). A user id and a
 * username must have a non-blank character; an email, once trimmed, must look like {@code
 * local@domain.tld}: no whitespace, exactly one {@code @}, a dot inside the domain. The two
 * constraints are this package's own ({@link HasText}, {@link EmailLike}): Bean Validation
 * constraints a user can write in a few lines, several times faster here than {@code @Pattern}.
 */
public record HeavyEtlSchema(
    @JsonProperty("user_id") @HasText String userId,
    @HasText String username,
    @EmailLike String email) {}
