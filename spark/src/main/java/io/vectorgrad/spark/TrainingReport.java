package io.vectorgrad.spark;

/**
 * What a {@link VectorgradClassifier#fit} did: rows per partition, the epochs trained in this fit (after
 * any resumed ones), their mean training loss and accuracy, and where partition 0's time went.
 */
public final class TrainingReport {
  private final int[] partitionRows;
  private final DataParallelTrainer.Result result;
  private final double seconds;

  TrainingReport(int[] partitionRows, DataParallelTrainer.Result result, double seconds) {
    this.partitionRows = partitionRows.clone();
    this.result = result;
    this.seconds = seconds;
  }

  public int partitions() {
    return partitionRows.length;
  }

  public int[] partitionRows() {
    return partitionRows.clone();
  }

  /** The first epoch this fit trained (1, or one past the epochs resumed from the checkpoint directory). */
  public int firstEpoch() {
    return result.firstEpoch;
  }

  public double[] epochLoss() {
    return result.epochLoss.clone();
  }

  public double[] epochAccuracy() {
    return result.epochAccuracy.clone();
  }

  public double[] epochSeconds() {
    return result.epochSeconds.clone();
  }

  /** Optimizer steps in total (resumed ones included). */
  public long steps() {
    return result.steps;
  }

  /** Wall time of the barrier stage (task launch, data copy, training). */
  public double trainSeconds() {
    return seconds;
  }

  /** Partition 0's time in forward, backward, reduction and update. */
  public double computeSeconds() {
    return result.computeSeconds;
  }

  /** Partition 0's time in the per-step gather and broadcast (communication and waiting for the slowest task). */
  public double exchangeSeconds() {
    return result.exchangeSeconds;
  }

  /** Steps this fit trained. */
  public long fitSteps() {
    int epochs = result.epochLoss.length;
    return epochs == 0 ? 0 : Math.round(result.steps * (double) epochs / (result.firstEpoch - 1 + epochs));
  }
}
