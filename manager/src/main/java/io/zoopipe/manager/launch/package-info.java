/**
 * Where workers come from: local worker processes started and owned by the manager, remote workers
 * given by address, or in-process servers for tests and embedding.
 */
@NullMarked
package io.zoopipe.manager.launch;

import org.jspecify.annotations.NullMarked;
