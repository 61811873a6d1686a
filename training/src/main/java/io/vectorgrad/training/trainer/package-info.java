/**
 * The training loop: {@link io.vectorgrad.training.trainer.Trainer} (epochs, shuffling, validation, early
 * stopping, listeners) built on {@link io.vectorgrad.training.trainer.TrainingStep} (one allocation-free
 * step through the backward-pass SPI), {@link io.vectorgrad.training.trainer.GradientNormSummary} (bounded
 * per-block gradient-norm statistics and warnings) and {@link io.vectorgrad.training.trainer.Evaluation}.
 */
package io.vectorgrad.training.trainer;
