/**
 * Databases as locations: a table or query read through a JDBC cursor, and a table written by
 * batched inserts or PostgreSQL {@code COPY}, all in one transaction.
 */
@NullMarked
package io.zoopipe.format.jdbc;

import org.jspecify.annotations.NullMarked;
