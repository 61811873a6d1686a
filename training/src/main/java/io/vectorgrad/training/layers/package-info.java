/**
 * Layers: {@link io.vectorgrad.training.layers.Dense} (parameters, forward/backward on the GEMM kernels; its
 * javadoc maps the batch-major equations to the textbooks' BP1–BP4), activation layers and
 * {@link io.vectorgrad.training.layers.Dropout} with a counter-based, recomputation-safe mask.
 */
package io.vectorgrad.training.layers;
