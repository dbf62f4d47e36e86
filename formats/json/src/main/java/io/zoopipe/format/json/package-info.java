/**
 * JSON adapters: JSON Lines (splittable by byte range), a top-level array read as a stream, and
 * concatenated values, all with Jackson; outputs as JSON Lines or one array.
 */
@NullMarked
package io.zoopipe.format.json;

import org.jspecify.annotations.NullMarked;
