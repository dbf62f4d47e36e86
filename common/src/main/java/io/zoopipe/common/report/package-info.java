/** Run reports, progress snapshots and error records. */
@NullMarked
package io.zoopipe.common.report;

import org.jspecify.annotations.NullMarked;
