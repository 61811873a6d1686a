/**
 * Gradient checking of the training code itself: analytic gradients from the blocks' backward against
 * central differences of the same blocks' forward (no parallel double-precision copy of the maths).
 */
package io.vectorgrad.training.gradcheck;
