/**
 * Example schemas and hooks, built as a plugin jar and loaded with {@code --plugin}, exactly as a
 * user's own code would be. Copy them as a starting point.
 */
@NullMarked
package io.zoopipe.examples;

import org.jspecify.annotations.NullMarked;
