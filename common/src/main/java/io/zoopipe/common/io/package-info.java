/**
 * Storage locations, byte-range reads, atomic writes and compression, independent of where bytes
 * live.
 */
@NullMarked
package io.zoopipe.common.io;

import org.jspecify.annotations.NullMarked;
