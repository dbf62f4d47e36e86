/**
 * A format known only to the test tree, {@code lines}: it reaches the CLI, the manager and the
 * workers through {@link java.util.ServiceLoader} alone, which is what it proves.
 */
@NullMarked
package io.zoopipe.endtoend.lines;

import org.jspecify.annotations.NullMarked;
