/** Test data and hooks for the manager's unit tests, loaded by class name like user plugins. */
@NullMarked
package io.zoopipe.manager.testing;

import org.jspecify.annotations.NullMarked;
