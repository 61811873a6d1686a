package io.vectorgrad.training.trainer;

import java.util.List;

/**
 * What {@link Trainer#fit} did: per-epoch statistics, early stopping, timing and the running summary of
 * each block's gradient norm (the vanishing/exploding-gradient record, bounded memory).
 */
public final class TrainingResult {
  private final List<EpochStats> epochs;
  private final boolean stoppedEarly;
  private final int bestEpoch;
  private final long steps;
  private final long samples;
  private final double trainSeconds;
  private final int layers;
  private final GradientNormSummary gradientNorms;

  TrainingResult(List<EpochStats> epochs, boolean stoppedEarly, int bestEpoch, long steps, long samples,
      double trainSeconds, int layers, GradientNormSummary gradientNorms) {
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

  /** Blocks whose gradient norms were recorded. */
  public int layers() {
    return layers;
  }

  /** Running statistics of each block's gradient norm over all steps, with vanishing/exploding warnings. */
  public GradientNormSummary gradientNorms() {
    return gradientNorms;
  }
}
