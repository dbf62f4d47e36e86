/** Test fixtures shared with the other modules through this module's test-jar. */
@NullMarked
package io.zoopipe.common.testing;

import org.jspecify.annotations.NullMarked;
