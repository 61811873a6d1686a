/**
 * The sequential model: {@link io.vectorgrad.training.model.Model} (a list of blocks) and its builder
 * ({@code dense}, {@code residual}, {@code layerNorm}, {@code batchNorm}, {@code dropout}), its
 * {@link io.vectorgrad.training.model.Architecture} (what model files store, versioned JSON), the
 * {@link io.vectorgrad.training.model.Activation}s and weight {@link io.vectorgrad.training.model.Initializer}s.
 */
package io.vectorgrad.training.model;
