/** An in-memory storage fake for tests. */
@NullMarked
package io.zoopipe.common.io.memory;

import org.jspecify.annotations.NullMarked;
