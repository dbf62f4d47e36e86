/**
 * The job vocabulary shared by every process of a distributed run: a pipe and its data as
 * descriptions that travel between JVMs, shard attempts and their keys, and the loading of named
 * schema and hook classes.
 */
@NullMarked
package io.zoopipe.common.job;

import org.jspecify.annotations.NullMarked;
