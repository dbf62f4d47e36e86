/** Hooks for fault tests, loaded by name in worker JVMs, and helpers to run the CLI. */
@NullMarked
package io.zoopipe.endtoend.testing;

import org.jspecify.annotations.NullMarked;
