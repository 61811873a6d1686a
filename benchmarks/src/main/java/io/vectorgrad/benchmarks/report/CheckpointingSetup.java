package io.vectorgrad.benchmarks.report;

import io.vectorgrad.checkpointing.Plan;
import io.vectorgrad.checkpointing.Planner;
import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.loss.MeanSquaredError;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Sgd;
import io.vectorgrad.training.spec.HiddenActivations;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.trainer.ModelNetwork;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.Random;

/**
 * The network the checkpointing benchmarks time: {@code depth} Dense layers of {@code width} units with one
 * activation, trained by the real {@link TrainingStep} with mean squared error against a fixed random
 * target and plain SGD (stateless, so several policies can share one model without gigabytes of optimizer
 * state; the update costs the same for every policy).
 */
public final class CheckpointingSetup {
  private CheckpointingSetup() {}

  /** {@code depth} Dense layers of {@code width} units, all with {@code activation} (a hidden activation name). */
  public static Model model(int depth, int width, String activation, long seed) {
    return ModelSpec.chain(depth, width, HiddenActivations.parse(activation)).build(seed);
  }

  /**
   * {@code depth} pre-norm residual blocks of width {@code width} (hidden width the same, the activation,
   * {@code norm}) and a final Dense layer of that width: what {@code tradeoff --residual} times.
   */
  public static Model residualModel(int depth, int width, String activation, NormKind norm, long seed) {
    Activation act = HiddenActivations.parse(activation);
    return Model.builder(width).residual(depth, norm, act, width).dense(width, act).build(seed);
  }

  /**
   * The plan of {@code schedule} for {@code model} as {@link #step} prepares it: the blocks' kept widths and
   * recompute costs at {@code batch} rows (exact bytes and cost-aware choices for any block mix).
   */
  public static Plan plan(ActivationSchedule schedule, Model model, int batch) {
    ModelNetwork net = new ModelNetwork(model, MeanSquaredError.INSTANCE, batch, 1);
    return Planner.plan(schedule, net.widths(), net.blockCosts(batch), batch);
  }

  public static TrainingStep step(Model model, ActivationSchedule schedule, int batch) {
    return new TrainingStep(model, MeanSquaredError.INSTANCE, new Sgd(1e-3f), schedule, GradientClipping.none(),
        LearningRateSchedule.constant(), batch, Kernels.defaultThreads());
  }

  /** Seeded standard-normal floats. */
  public static float[] gaussian(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  /** Seeded uniform [0, 1) floats (targets of a sigmoid output). */
  public static float[] uniform(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextFloat();
    }
    return x;
  }

  /** A copy of every parameter's gradient, in {@code model.parameters()} order. */
  public static float[][] copyGradients(Model model) {
    float[][] g = new float[model.parameters().size()][];
    for (int i = 0; i < g.length; i++) {
      g[i] = model.parameters().get(i).gradient().clone();
    }
    return g;
  }

  /** Whether the model's current gradients equal {@code reference} bit for bit. */
  public static boolean gradientsBitIdentical(Model model, float[][] reference) {
    for (int i = 0; i < reference.length; i++) {
      if (!sameBits(model.parameters().get(i).gradient(), reference[i])) {
        return false;
      }
    }
    return true;
  }

  public static boolean sameBits(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int j = 0; j < a.length; j++) {
      if (Float.floatToRawIntBits(a[j]) != Float.floatToRawIntBits(b[j])) {
        return false;
      }
    }
    return true;
  }
}
