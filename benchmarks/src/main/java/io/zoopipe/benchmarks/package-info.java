/** JMH benchmarks of the readers; run from {@code benchmarks/target/benchmarks.jar}. */
@NullMarked
package io.zoopipe.benchmarks;

import org.jspecify.annotations.NullMarked;
