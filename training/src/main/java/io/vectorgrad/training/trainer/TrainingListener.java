package io.vectorgrad.training.trainer;

/**
 * Callbacks from {@link Trainer#fit}, on the training thread. Arrays passed in are reused: copy what you
 * keep. A listener that throws stops training.
 */
public interface TrainingListener {
  /** Before the first batch of {@code epoch} (1-based) of {@code epochs}. */
  default void epochStart(int epoch, int epochs) {}

  /**
   * After each optimizer step: {@code step} is 0-based over the whole fit, {@code batch} 0-based within
   * the epoch; {@code layerGradientNorms[i]} is the L2 norm of block {@code i}'s gradient (all its parameters, before
   * clipping; for a plain Dense chain, Dense layer {@code i}).
   */
  default void stepEnd(int epoch, long step, int batch, int batchesPerEpoch, double loss,
      float[] layerGradientNorms) {}

  /** After validation of each epoch. */
  default void epochEnd(EpochStats stats) {}
}
