package io.vectorgrad.training.trainer;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Optimizer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One training step on a caller-filled mini-batch: forward and backward through the activation schedule,
 * per-layer gradient norms and the NaN/∞ check, clipping, learning-rate schedule and optimizer update. The
 * building block of {@link Trainer}, public so that benchmarks and the checkpointing module can drive steps
 * directly. Allocates nothing once each batch size has been seen (the schedule's {@code prepare} runs once
 * per batch size and is cached). Not thread-safe.
 */
public final class TrainingStep {
  private final Model model;
  private final ModelNetwork network;
  private final Optimizer optimizer;
  private final ActivationSchedule schedule;
  private final GradientClipping clipping;
  private final LearningRateSchedule lrSchedule;
  private final float[] layerNorms;
  private final int[] widths;
  private int[] cachedRows = new int[0];
  private ActivationSchedule.Execution[] cachedExec = new ActivationSchedule.Execution[0];
  private ActivationSchedule.Execution last;
  private long steps;
  private float lastRate = Float.NaN;

  public TrainingStep(Model model, Loss loss, Optimizer optimizer, ActivationSchedule schedule,
      GradientClipping clipping, LearningRateSchedule lrSchedule, int maxBatch, int threads) {
    this.model = Objects.requireNonNull(model, "model");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.clipping = Objects.requireNonNull(clipping, "clipping");
    this.lrSchedule = Objects.requireNonNull(lrSchedule, "lrSchedule");
    this.network = new ModelNetwork(model, loss, maxBatch, threads);
    this.layerNorms = new float[model.denseCount()];
    this.widths = network.widths();
    optimizer.init(model);
  }

  /** StoreAll, no clipping, constant learning rate. */
  public TrainingStep(Model model, Loss loss, Optimizer optimizer, int maxBatch, int threads) {
    this(model, loss, optimizer, io.vectorgrad.training.backprop.StoreAll.INSTANCE, GradientClipping.none(),
        LearningRateSchedule.constant(), maxBatch, threads);
  }

  public ModelNetwork network() {
    return network;
  }

  /** Prepares (once, then cached) the schedule's execution for batches of {@code rows}. */
  public ActivationSchedule.Execution execution(int rows) {
    for (int i = 0; i < cachedRows.length; i++) {
      if (cachedRows[i] == rows) {
        return cachedExec[i];
      }
    }
    ActivationSchedule.Execution e = schedule.prepare(widths, rows);
    cachedRows = Arrays.copyOf(cachedRows, cachedRows.length + 1);
    cachedExec = Arrays.copyOf(cachedExec, cachedExec.length + 1);
    cachedRows[cachedRows.length - 1] = rows;
    cachedExec[cachedExec.length - 1] = e;
    return e;
  }

  /**
   * Forward and backward on {@code rows} samples ({@code input}: {@code rows × inputSize},
   * {@code targets}: {@code rows × outputSize}), leaving the gradients in the Dense layers; no update.
   *
   * @return the mean loss of the batch
   * @throws NonFiniteException when the loss or a gradient is NaN or ∞
   */
  public double computeGradients(float[] input, float[] targets, int rows) {
    Objects.requireNonNull(input, "input");
    if (input.length < (long) rows * model.inputSize()) {
      throw new IllegalArgumentException("input holds " + input.length + " floats, expected rows×inputSize = "
          + rows + "×" + model.inputSize());
    }
    network.setBatch(targets, rows);
    network.setStep(steps);
    last = execution(rows);
    last.run(network, input);
    double loss = network.lastLoss();
    if (!Double.isFinite(loss)) {
      int bad = firstNonFiniteParameterLayer();
      throw new NonFiniteException("loss is " + loss + " at step " + steps + (bad >= 0
          ? ": layers." + bad + " has non-finite parameters"
          : ": the output of the last layer (layers." + (model.denseCount() - 1) + ") is not finite"),
          bad >= 0 ? bad : model.denseCount() - 1, steps);
    }
    for (int i = model.denseCount() - 1; i >= 0; i--) {
      Dense d = model.dense(i);
      double ss = (double) Elementwise.sumOfSquares(d.weightGradients(), 0, d.weightGradients().length)
          + Elementwise.sumOfSquares(d.biasGradients(), 0, d.biasGradients().length);
      if (!Double.isFinite(ss)) {
        float maxW = Elementwise.maxAbs(d.weightGradients(), 0, d.weightGradients().length);
        float maxB = Elementwise.maxAbs(d.biasGradients(), 0, d.biasGradients().length);
        if (!Float.isFinite(maxW) || !Float.isFinite(maxB)) {
          throw new NonFiniteException("gradient of layers." + i + (Float.isFinite(maxW) ? ".bias" : ".weight")
              + " is not finite (NaN or ∞) at step " + steps + " (loss " + loss + ")", i, steps);
        }
        ss = exactSumOfSquares(d.weightGradients()) + exactSumOfSquares(d.biasGradients());
      }
      layerNorms[i] = (float) Math.sqrt(ss);
    }
    return loss;
  }

  /** {@link #computeGradients}, then clipping and the optimizer update; advances the step count. */
  public double step(float[] input, float[] targets, int rows) {
    double loss = computeGradients(input, targets, rows);
    if (!clipping.isNone()) {
      double sum = 0;
      for (float n : layerNorms) {
        sum += (double) n * n;
      }
      clipping.apply(model, Math.sqrt(sum));
    }
    lastRate = lrSchedule.rate(optimizer.learningRate(), steps);
    optimizer.step(model, lastRate);
    steps++;
    return loss;
  }

  /** L2 norm of each Dense layer's gradient (weights and bias) from the last backward, before clipping. */
  public float[] layerGradientNorms() {
    return layerNorms;
  }

  /** Model output of the last step ({@code rows × outputSize}, training mode: dropout applied). */
  public float[] output() {
    return last == null ? null : last.output();
  }

  /** Steps (optimizer updates) done. */
  public long steps() {
    return steps;
  }

  /** Learning rate used by the last update. */
  public float lastLearningRate() {
    return lastRate;
  }

  private int firstNonFiniteParameterLayer() {
    for (int i = 0; i < model.denseCount(); i++) {
      Dense d = model.dense(i);
      if (!Float.isFinite(Elementwise.maxAbs(d.weights(), 0, d.weights().length))
          || !Float.isFinite(Elementwise.maxAbs(d.bias(), 0, d.bias().length))) {
        return i;
      }
    }
    return -1;
  }

  private static double exactSumOfSquares(float[] a) {
    double s = 0;
    for (float x : a) {
      s += (double) x * x;
    }
    return s;
  }
}
