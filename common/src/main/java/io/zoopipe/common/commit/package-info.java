/**
 * Publishing all of a run's outputs as one crash-consistent commit: {@link
 * io.zoopipe.common.commit.OutputCommit} (stage, record, publish), {@link
 * io.zoopipe.common.commit.CommitRecovery} (what a later run does with what a dead one left) and
 * {@link io.zoopipe.common.commit.CommitGate} (how an interrupt and a commit agree).
 */
@NullMarked
package io.zoopipe.common.commit;

import org.jspecify.annotations.NullMarked;
