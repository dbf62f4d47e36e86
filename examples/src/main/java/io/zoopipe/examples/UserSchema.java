package io.zoopipe.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The complete example with a schema (what scripts/demo runs): every row needs a user id, a
 * username, an age from 0 to 150 and a well-formed email. Columns not named here are ignored.
 * {@code "42"} in a CSV cell becomes the int 42; {@code "abc"} is an error on {@code age}.
 */
public record UserSchema(
    @JsonProperty("user_id") @NotBlank String userId,
    @NotBlank String username,
    @Min(0) @Max(150) int age,
    @NotBlank @Email String email) {}
