package io.vectorgrad.training.trainer;

import java.util.List;

/**
 * What {@link Trainer#fit} did: per-epoch statistics, early stopping, timing and the per-step, per-layer
 * gradient norms (the vanishing/exploding-gradient record).
 */
public final class TrainingResult {
  private final List<EpochStats> epochs;
  private final boolean stoppedEarly;
  private final int bestEpoch;
  private final long steps;
  private final long samples;
  private final double trainSeconds;
  private final int layers;
  private final float[] gradientNorms;

  TrainingResult(List<EpochStats> epochs, boolean stoppedEarly, int bestEpoch, long steps, long samples,
      double trainSeconds, int layers, float[] gradientNorms) {
    this.epochs = List.copyOf(epochs);
    this.stoppedEarly = stoppedEarly;
    this.bestEpoch = bestEpoch;
    this.steps = steps;
    this.samples = samples;
    this.trainSeconds = trainSeconds;
    this.layers = layers;
    this.gradientNorms = gradientNorms;
  }

  public List<EpochStats> epochs() {
    return epochs;
  }

  public EpochStats lastEpoch() {
    return epochs.get(epochs.size() - 1);
  }

  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  /** 1-based epoch with the best monitored loss (the weights restored if configured). */
  public int bestEpoch() {
    return bestEpoch;
  }

  public long steps() {
    return steps;
  }

  /** Training samples processed (validation excluded). */
  public long samples() {
    return samples;
  }

  /** Wall time in training steps and validation. */
  public double trainSeconds() {
    return trainSeconds;
  }

  public double samplesPerSecond() {
    return trainSeconds > 0 ? samples / trainSeconds : Double.NaN;
  }

  public int layers() {
    return layers;
  }

  /** L2 norm of Dense {@code layer}'s gradient at {@code step} (0-based), before clipping. */
  public float gradientNorm(long step, int layer) {
    if (step < 0 || step >= steps || layer < 0 || layer >= layers) {
      throw new IndexOutOfBoundsException("step " + step + " of " + steps + ", layer " + layer + " of " + layers);
    }
    return gradientNorms[(int) (step * layers + layer)];
  }
}
