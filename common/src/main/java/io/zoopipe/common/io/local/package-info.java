/** Storage on the local file system. */
@NullMarked
package io.zoopipe.common.io.local;

import org.jspecify.annotations.NullMarked;
