/** Losses averaged over the mini-batch, with the fused {@code a − y} output error for softmax/sigmoid pairs. */
package io.vectorgrad.training.loss;
