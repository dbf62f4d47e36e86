/**
 * Meters served in Prometheus text format over HTTP, and the command-line options that turn the
 * endpoint on; shared by the worker and the manager.
 */
@NullMarked
package io.zoopipe.cli.metrics;

import org.jspecify.annotations.NullMarked;
