/**
 * Blocks and their parameters: the one model of computation. A {@link io.vectorgrad.training.layers.Block}
 * (forward, backward from its input, output and output gradient, its
 * {@link io.vectorgrad.training.layers.Parameter}s, the floats it keeps for backward, its recompute cost) is
 * what models are lists of and what checkpointing schedules keep or recompute:
 * {@link io.vectorgrad.training.layers.DenseBlock} ({@link io.vectorgrad.training.layers.Dense}, whose
 * javadoc maps the batch-major equations to the textbooks' BP1–BP4, an activation and an optional
 * {@link io.vectorgrad.training.layers.Dropout} with a counter-based, recomputation-safe mask),
 * {@link io.vectorgrad.training.layers.Residual}, {@link io.vectorgrad.training.layers.LayerNorm} and
 * {@link io.vectorgrad.training.layers.BatchNorm}.
 */
package io.vectorgrad.training.layers;
