package io.vectorgrad.training.gradcheck;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.trainer.ModelNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Gradient checking of the code that trains, for any model and loss on one mini-batch: the analytic
 * gradients come from the training path itself (the blocks' backward through the schedule SPI with
 * {@link StoreAll}, the same kernels), and the numeric gradients are central differences
 * {@code (L(p+h) − L(p−h)) / (p+h − p−h)} of the loss computed by the <em>same</em> blocks' forward, in
 * float, with the loss accumulated in double. There is no second, double-precision copy of any block's
 * maths: a mistake in a backward shows as a large relative error, while float rounding bounds what a
 * correct backward reaches (about 1e-4 to 1e-3 with {@code h = 1e-3} on small smooth networks; use
 * tanh/sigmoid rather than ReLU kinks for tight checks).
 *
 * <p>Relative error is {@code |a − n| / max(|a|, |n|, floor)}: the floor keeps entries whose true gradient
 * is ~0 from dominating with round-off noise. Each tensor also gets the error of the checked entries as a
 * vector, {@code ‖a − n‖ / max(‖a‖, ‖n‖, floor)}, which the large entries dominate and which reaches about
 * 1e-4 where single tiny entries are at the noise floor. Large tensors are checked on a seeded sample of entries.
 * Dropout is on (training mode) with the masks of {@link Options#step()}, i.e. a fixed mask; BatchNorm uses
 * batch statistics and its running statistics are left untouched.
 */
public final class GradientCheck {
  private GradientCheck() {}

  /**
   * @param epsilon central-difference step h (the float parameter moves by about h)
   * @param maxEntriesPerTensor entries checked per tensor (a seeded sample when the tensor is larger)
   * @param seed chooses the sample
   * @param step training step whose dropout masks are used
   * @param floor denominator floor of the relative error
   */
  public record Options(double epsilon, int maxEntriesPerTensor, long seed, long step, double floor) {
    public Options {
      if (!(epsilon > 0) || maxEntriesPerTensor < 1 || !(floor > 0)) {
        throw new IllegalArgumentException("gradient check options: epsilon=" + epsilon + ", maxEntriesPerTensor="
            + maxEntriesPerTensor + ", floor=" + floor + ": expected epsilon > 0, max >= 1, floor > 0");
      }
    }

    /** h = 1e-3, up to 64 entries per tensor, seed 1, step 0, floor 1e-2 (float loss noise is ~1e-4 absolute). */
    public static Options defaults() {
      return new Options(1e-3, 64, 1, 0, 1e-2);
    }
  }

  /** {@link #check(Model, Loss, float[], float[], int, Options)} with {@link Options#defaults()}. */
  public static GradientCheckReport check(Model model, Loss loss, float[] input, float[] target, int rows) {
    return check(model, loss, input, target, rows, Options.defaults());
  }

  /**
   * Checks the gradients of {@code loss} at the model's current parameters on {@code rows} samples. The
   * model's parameters and state are unchanged afterwards; its gradient arrays hold the analytic gradients.
   */
  public static GradientCheckReport check(Model model, Loss loss, float[] input, float[] target, int rows,
      Options options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(options, "options");
    if (rows < 1) {
      throw new IllegalArgumentException("rows=" + rows + ": expected >= 1");
    }
    if (input == null || input.length < (long) rows * model.inputSize()) {
      throw new IllegalArgumentException("input must hold rows×inputSize = " + rows + "×" + model.inputSize() + " floats");
    }
    if (target == null || target.length < (long) rows * model.outputSize()) {
      throw new IllegalArgumentException("target must hold rows×outputSize = " + rows + "×" + model.outputSize()
          + " floats");
    }
    ModelNetwork net = new ModelNetwork(model, loss, rows, 1);
    net.setBatch(target, rows);
    net.setStep(options.step());
    net.setUpdateStatistics(false);
    int[] kept = net.widths();
    ActivationSchedule.Execution exec = StoreAll.INSTANCE.prepare(kept, rows);
    exec.run(net, input);
    double loss0 = net.lastLoss();

    int n = net.blocks();
    float[][] acts = new float[n + 1][];
    acts[0] = input;
    for (int b = 1; b <= n; b++) {
      acts[b] = new float[rows * kept[b]];
    }
    List<GradientCheckReport.TensorResult> results = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(options.seed());
    for (Parameter p : model.parameters()) {
      float[] v = p.values();
      float[] analytic = p.gradient();
      int[] idx = sample(v.length, options.maxEntriesPerTensor(), rnd);
      double worst = 0;
      int worstAt = -1;
      double worstA = 0;
      double worstN = 0;
      double diff2 = 0;
      double a2 = 0;
      double n2 = 0;
      for (int e : idx) {
        float saved = v[e];
        float up = (float) (saved + options.epsilon());
        float down = (float) (saved - options.epsilon());
        v[e] = up;
        double plus = forwardLoss(net, acts);
        v[e] = down;
        double minus = forwardLoss(net, acts);
        v[e] = saved;
        double numeric = (plus - minus) / ((double) up - down);
        double rel = relative(analytic[e], numeric, options.floor());
        diff2 += (analytic[e] - numeric) * (analytic[e] - numeric);
        a2 += (double) analytic[e] * analytic[e];
        n2 += numeric * numeric;
        if (!(rel <= worst)) {
          worst = rel;
          worstAt = e;
          worstA = analytic[e];
          worstN = numeric;
        }
      }
      double normError = Math.sqrt(diff2) / Math.max(options.floor(), Math.sqrt(Math.max(a2, n2)));
      results.add(new GradientCheckReport.TensorResult(p.name(), v.length, idx.length, worst, worstAt, worstA,
          worstN, Double.isNaN(normError) ? Double.POSITIVE_INFINITY : normError));
    }
    return new GradientCheckReport(results, loss0);
  }

  private static double forwardLoss(ModelNetwork net, float[][] acts) {
    for (int i = 0; i < net.blocks(); i++) {
      net.forward(i, acts[i], acts[i + 1]);
    }
    return net.loss(acts[net.blocks()]);
  }

  static double relative(double a, double n, double floor) {
    double d = Math.abs(a - n);
    if (Double.isNaN(d)) {
      return Double.POSITIVE_INFINITY;
    }
    return d / Math.max(floor, Math.max(Math.abs(a), Math.abs(n)));
  }

  private static int[] sample(int n, int max, SplittableRandom rnd) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    if (n <= max) {
      return all;
    }
    for (int i = 0; i < max; i++) {
      int j = i + rnd.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return java.util.Arrays.copyOf(all, max);
  }
}
