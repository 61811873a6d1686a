/**
 * Stateful optimizers (SGD, momentum/Nesterov, Adam, AdamW) with the lifecycle documented on
 * {@link io.vectorgrad.training.optim.Optimizer}, learning-rate schedules and gradient clipping.
 */
package io.vectorgrad.training.optim;
