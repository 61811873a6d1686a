package io.vectorgrad.spark;

import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.spec.HiddenActivations;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.spec.OptimizerSpec;
import io.vectorgrad.training.spec.ScheduleSpec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * A data-parallel training run as plain values (what ships to the executors), parsed on each side by the
 * library's spec parsers, so the estimator's Params, the CLI flags and {@code vectorgrad train} accept the
 * same names. {@link #validate()} parses everything once on the driver, before any Spark job.
 */
public final class TrainingSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  final int[] layers;
  final String activation;
  final int residual;
  final String norm;
  final String loss;
  final String optimizer;
  final double learningRate;
  final double weightDecay;
  final String schedule;
  final int batchSize;
  final int epochs;
  final long seed;
  final int threads;
  final String activationCheckpoint;
  /** Directory of the per-epoch training state; empty: none. */
  final String stateDir;

  public TrainingSettings(int[] layers, String activation, int residual, String norm, String loss, String optimizer,
      double learningRate, double weightDecay, String schedule, int batchSize, int epochs, long seed, int threads,
      String activationCheckpoint, String stateDir) {
    this.layers = layers.clone();
    this.activation = activation;
    this.residual = residual;
    this.norm = norm;
    this.loss = loss;
    this.optimizer = optimizer;
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.schedule = schedule;
    this.batchSize = batchSize;
    this.epochs = epochs;
    this.seed = seed;
    this.threads = threads;
    this.activationCheckpoint = activationCheckpoint;
    this.stateDir = stateDir == null ? "" : stateDir;
  }

  /** Parses every part (throws the parsers' messages) and checks the counts. */
  public TrainingSettings validate() {
    if (batchSize < 1 || epochs < 1 || threads < 1) {
      throw new IllegalArgumentException("batchSize " + batchSize + ", epochs " + epochs + ", threadsPerExecutor "
          + threads + ": expected all >= 1");
    }
    modelSpec();
    lossPairing();
    optimizerSpec().create(learningRate, weightDecay);
    scheduleSpec();
    activationSchedule();
    return this;
  }

  public ModelSpec modelSpec() {
    LossPairing l = lossPairing();
    return ModelSpec.forLoss(layers, HiddenActivations.parse(activation), l).withBlocks(residual,
        NormKind.fromSpec(norm));
  }

  public LossPairing lossPairing() {
    return LossPairing.parse(loss);
  }

  public OptimizerSpec optimizerSpec() {
    return OptimizerSpec.parse(optimizer);
  }

  public ScheduleSpec scheduleSpec() {
    return ScheduleSpec.parse(schedule);
  }

  public ActivationSchedule activationSchedule() {
    return CheckpointPolicies.parse(activationCheckpoint);
  }

  public NormKind normKind() {
    return NormKind.fromSpec(norm);
  }

  public int inputSize() {
    return layers[0];
  }

  public int outputSize() {
    return layers[layers.length - 1];
  }

  public int epochs() {
    return epochs;
  }

  public String stateDir() {
    return stateDir;
  }

  /**
   * What a saved training state must match to be resumed: everything that shapes the weights except the
   * epoch count (a longer rerun continues a shorter one).
   */
  String fingerprint(int[] partitionRows) {
    return String.format(Locale.ROOT, "layers=%s activation=%s residual=%d norm=%s loss=%s optimizer=%s lr=%s wd=%s"
        + " schedule=%s batch=%d seed=%d checkpoint=%s partition_rows=%s", Arrays.toString(layers), activation,
        residual, norm, loss, optimizer, learningRate, weightDecay, schedule, batchSize, seed, activationCheckpoint,
        Arrays.toString(partitionRows));
  }
}
