/** The "enrich" example: a row processor that calls a service once per row, and that service. */
@NullMarked
package io.zoopipe.examples.enrich;

import org.jspecify.annotations.NullMarked;
