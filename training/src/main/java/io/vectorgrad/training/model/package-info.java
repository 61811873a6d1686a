/**
 * The sequential MLP: {@link io.vectorgrad.training.model.Model} and its builder, its
 * {@link io.vectorgrad.training.model.Architecture} (what model files store), the
 * {@link io.vectorgrad.training.model.Activation}s and weight {@link io.vectorgrad.training.model.Initializer}s.
 */
package io.vectorgrad.training.model;
