/**
 * The backward-pass SPI: a model exposes itself to a schedule as a {@link
 * io.vectorgrad.training.backprop.BlockNetwork} of its blocks (each keeping its output and what its backward
 * needs in one buffer, {@code keptWidth}), and an {@link io.vectorgrad.training.backprop.ActivationSchedule}
 * decides which block inputs to keep and which to recompute, optionally weighing blocks by their recompute
 * cost. Checkpointing wraps this pass; it never changes the blocks.
 */
package io.vectorgrad.training.backprop;
