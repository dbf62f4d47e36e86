/** The heavy-ETL example: keep three of 28 columns, validate, normalise and hash. */
@NullMarked
package io.zoopipe.examples.etl;

import org.jspecify.annotations.NullMarked;
