package io.zoopipe.examples.etl;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the heavy-ETL job writes per valid row: the email itself is dropped, only its hash kept.
 *
 * @param group the last hex digit of the user id, mod 10
 */
public record EtlUser(
    @JsonProperty("user_id") String userId,
    String username,
    @JsonProperty("email_hash") String emailHash,
    int group) {}
