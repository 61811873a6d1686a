package io.vectorgrad.training.optim;

import io.vectorgrad.training.model.Model;

/**
 * Updates a model's parameters from its current gradients (the gradients of
 * {@code model.parameters()}). Optimizers are stateful; the lifecycle is:
 * <ol>
 *   <li>created with its hyper-parameters (base learning rate, β, ...), bound to nothing;</li>
 *   <li>bound to one model's parameters by {@link #init(Model)}, or implicitly by the first {@link #step}:
 *       binding allocates the state (velocities, moments) once, zeroed, and resets the step count;</li>
 *   <li>{@link #step} applies the gradients currently in the model (after backward and clipping) with the
 *       given learning rate and advances the step count; it allocates nothing. Stepping a different model
 *       re-binds (and so resets) the optimizer;</li>
 *   <li>{@link #reset()} zeroes the state and the step count but keeps the binding.</li>
 * </ol>
 * Not thread-safe: one optimizer per trainer.
 */
public interface Optimizer {
  /** {@code sgd}, {@code momentum}, {@code nesterov}, {@code adam} or {@code adamw}. */
  String spec();

  /** The base learning rate this optimizer was created with (schedules scale it). */
  float learningRate();

  /** Binds to {@code model}'s parameters, allocating zeroed state and resetting the step count. */
  void init(Model model);

  /** Applies one update with learning rate {@code learningRate} (binding first if needed). */
  void step(Model model, float learningRate);

  /**
   * {@link #step(Model, float)} on at most {@code threads} threads (the shared kernel worker pool); the
   * result is bit-identical for every thread count.
   */
  default void step(Model model, float learningRate, int threads) {
    step(model, learningRate);
  }

  /** {@link #step(Model, float)} with the base learning rate. */
  default void step(Model model) {
    step(model, learningRate());
  }

  /** Updates applied since binding or the last reset. */
  long steps();

  /** Zeroes the state and the step count; keeps the binding. */
  void reset();
}
