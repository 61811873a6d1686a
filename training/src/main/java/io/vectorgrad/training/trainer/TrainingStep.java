package io.vectorgrad.training.trainer;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.layers.Block;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Optimizer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One training step on a caller-filled mini-batch: forward and backward through the activation schedule,
 * per-block gradient norms and the NaN/∞ check, clipping, learning-rate schedule and optimizer update. The
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
    this.layerNorms = new float[model.blockCount()];
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

  /**
   * Prepares (once, then cached) the schedule's execution for batches of {@code rows}, with the blocks' kept
   * widths and recompute costs ({@link ModelNetwork#widths()}, {@link ModelNetwork#blockCosts}).
   */
  public ActivationSchedule.Execution execution(int rows) {
    for (int i = 0; i < cachedRows.length; i++) {
      if (cachedRows[i] == rows) {
        return cachedExec[i];
      }
    }
    ActivationSchedule.Execution e = schedule.prepare(widths, network.blockCosts(rows), rows);
    cachedRows = Arrays.copyOf(cachedRows, cachedRows.length + 1);
    cachedExec = Arrays.copyOf(cachedExec, cachedExec.length + 1);
    cachedRows[cachedRows.length - 1] = rows;
    cachedExec[cachedExec.length - 1] = e;
    return e;
  }

  /**
   * Forward and backward on {@code rows} samples ({@code input}: {@code rows × inputSize},
   * {@code targets}: {@code rows × outputSize}), leaving the gradients in {@code model.parameters()}; no update.
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
    int lastBlock = model.blockCount() - 1;
    if (!Double.isFinite(loss)) {
      Parameter bad = firstNonFiniteParameter();
      throw new NonFiniteException("loss is " + loss + " at step " + steps + (bad != null
          ? ": " + bad.name() + " has non-finite values"
          : ": the output of the last block (layers." + lastBlock + ") is not finite"),
          bad != null ? blockOf(bad) : lastBlock, steps);
    }
    measureGradientNorms(loss);
    return loss;
  }

  /**
   * Recomputes {@link #layerGradientNorms()} from the gradients now in {@code model.parameters()}: for a
   * caller that replaced them after {@link #computeGradients} (e.g. a data-parallel all-reduce), before
   * {@link #applyUpdate}.
   *
   * @throws NonFiniteException when a gradient is NaN or ∞
   */
  public void measureGradientNorms(double loss) {
    int lastBlock = model.blockCount() - 1;
    for (int i = lastBlock; i >= 0; i--) {
      java.util.List<Parameter> ps = model.block(i).parameters();
      double ss = 0;
      for (int k = 0; k < ps.size(); k++) {
        float[] g = ps.get(k).gradient();
        ss += Elementwise.sumOfSquares(g, 0, g.length);
      }
      if (!Double.isFinite(ss)) {
        ss = 0;
        for (int k = 0; k < ps.size(); k++) {
          float[] g = ps.get(k).gradient();
          if (!Float.isFinite(Elementwise.maxAbs(g, 0, g.length))) {
            throw new NonFiniteException("gradient of " + ps.get(k).name() + " is not finite (NaN or ∞) at step "
                + steps + " (loss " + loss + ")", i, steps);
          }
          ss += exactSumOfSquares(g);
        }
      }
      layerNorms[i] = (float) Math.sqrt(ss);
    }
  }

  /** {@link #computeGradients}, then clipping and the optimizer update; advances the step count. */
  public double step(float[] input, float[] targets, int rows) {
    double loss = computeGradients(input, targets, rows);
    applyUpdate();
    return loss;
  }

  /**
   * Clipping and the optimizer update from the gradients now in {@code model.parameters()} and the norms of
   * {@link #layerGradientNorms()}; advances the step count. {@link #step} is {@link #computeGradients} then
   * this; a data-parallel trainer calls it after replacing the gradients with the all-reduced mean.
   */
  public void applyUpdate() {
    if (!clipping.isNone()) {
      double sum = 0;
      for (float n : layerNorms) {
        sum += (double) n * n;
      }
      clipping.apply(model, Math.sqrt(sum));
    }
    lastRate = lrSchedule.rate(optimizer.learningRate(), steps);
    optimizer.step(model, lastRate, network.threads());
    steps++;
  }

  /** Sets the step count (learning-rate schedule, dropout seeds) when resuming from a saved training state. */
  public void resumeAt(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps=" + steps + ": expected >= 0");
    }
    this.steps = steps;
  }

  /**
   * L2 norm of each block's gradient (all its parameters) from the last backward, before clipping; for a
   * plain Dense chain, one per Dense layer.
   */
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

  private Parameter firstNonFiniteParameter() {
    for (Parameter p : model.tensors()) {
      if (!Float.isFinite(Elementwise.maxAbs(p.values(), 0, p.size()))) {
        return p;
      }
    }
    return null;
  }

  private int blockOf(Parameter p) {
    for (int i = 0; i < model.blockCount(); i++) {
      Block b = model.block(i);
      if (b.parameters().contains(p) || b.state().contains(p)) {
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
