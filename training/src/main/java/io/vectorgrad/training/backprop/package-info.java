/**
 * The backward-pass SPI: a model exposes itself to a schedule as a {@link
 * io.vectorgrad.training.backprop.BlockNetwork} of blocks (a Dense layer plus the parameter-free layers
 * after it), and an {@link io.vectorgrad.training.backprop.ActivationSchedule} decides which block inputs
 * to keep and which to recompute. Checkpointing wraps this pass; it never changes the layers.
 */
package io.vectorgrad.training.backprop;
