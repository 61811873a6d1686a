package io.vectorgrad.training.trainer;

/**
 * One epoch's summary. {@code trainLoss}/{@code trainAccuracy} are means over the epoch's mini-batches as
 * trained (dropout on, parameters changing); validation figures use the parameters at the end of the
 * epoch and are NaN without a validation set; accuracies are NaN for regression data.
 * {@code meanGradientNorms[i]} is block {@code i}'s gradient norm averaged over the epoch's steps.
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
    double validationAccuracy, float learningRate, double seconds, long samples, float[] meanGradientNorms) {

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "epoch %d: loss %.4f acc %.4f | val loss %.4f acc %.4f | lr %.3g | %.2fs", epoch, trainLoss,
        trainAccuracy, validationLoss, validationAccuracy, learningRate, seconds);
  }
}
