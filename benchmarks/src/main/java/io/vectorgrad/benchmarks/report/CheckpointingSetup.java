package io.vectorgrad.benchmarks.report;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.loss.MeanSquaredError;
import io.vectorgrad.training.spec.HiddenActivations;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Sgd;
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

  /** A copy of every Dense layer's weight and bias gradients. */
  public static float[][] copyGradients(Model model) {
    float[][] g = new float[2 * model.denseCount()][];
    for (int i = 0; i < model.denseCount(); i++) {
      Dense d = model.dense(i);
      g[2 * i] = d.weightGradients().clone();
      g[2 * i + 1] = d.biasGradients().clone();
    }
    return g;
  }

  /** Whether the model's current gradients equal {@code reference} bit for bit. */
  public static boolean gradientsBitIdentical(Model model, float[][] reference) {
    for (int i = 0; i < model.denseCount(); i++) {
      Dense d = model.dense(i);
      if (!sameBits(d.weightGradients(), reference[2 * i]) || !sameBits(d.biasGradients(), reference[2 * i + 1])) {
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
