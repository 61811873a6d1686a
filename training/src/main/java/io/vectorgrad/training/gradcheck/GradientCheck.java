package io.vectorgrad.training.gradcheck;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.layers.Dropout;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.trainer.ModelNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Gradient checking for any model and loss on one mini-batch. Three gradients are compared per parameter:
 * <ol>
 *   <li><b>numeric</b>: central differences {@code (L(p+h) − L(p−h)) / 2h} of the loss computed by a
 *       double-precision reference forward pass of the same model (same activations, same dropout masks);</li>
 *   <li><b>double analytic</b>: backprop of that double reference (same equations as the float path).
 *       Its relative error against (1) checks the maths and is meaningful at 1e-4;</li>
 *   <li><b>float analytic</b>: the real training path (kernels, the backward SPI with {@link StoreAll}).
 *       Its relative error against (1) checks the kernels; float rounding limits it to about 1e-3.</li>
 * </ol>
 * Relative error is {@code |a − n| / max(|a|, |n|, floor)}: the floor keeps entries whose true gradient
 * is ~0 from dominating with round-off noise. Large tensors are checked on a seeded sample of entries.
 * Dropout is on (training mode) with the masks of {@link Options#step()}, i.e. a fixed mask.
 */
public final class GradientCheck {
  private GradientCheck() {}

  /**
   * @param epsilon central-difference step (in double)
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

    /** h = 1e-5, up to 64 entries per tensor, seed 1, step 0, floor 1e-6. */
    public static Options defaults() {
      return new Options(1e-5, 64, 1, 0, 1e-6);
    }
  }

  /** {@link #check(Model, Loss, float[], float[], int, Options)} with {@link Options#defaults()}. */
  public static GradientCheckReport check(Model model, Loss loss, float[] input, float[] target, int rows) {
    return check(model, loss, input, target, rows, Options.defaults());
  }

  /**
   * Checks the gradients of {@code loss} at the model's current parameters on {@code rows} samples. The
   * model's parameters are unchanged afterwards; its gradient arrays hold the float analytic gradients.
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
    // (3) the float training path through the SPI.
    ModelNetwork net = new ModelNetwork(model, loss, rows, 1);
    net.setBatch(target, rows);
    net.setStep(options.step());
    ActivationSchedule.Execution exec = StoreAll.INSTANCE.prepare(net.widths(), rows);
    exec.run(net, input);

    Reference ref = new Reference(model, loss, input, target, rows, options.step());
    double loss0 = ref.loss();
    ref.backward();

    List<GradientCheckReport.TensorResult> results = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(options.seed());
    double h = options.epsilon();
    for (int i = 0; i < model.denseCount(); i++) {
      Dense d = model.dense(i);
      for (int t = 0; t < 2; t++) {
        double[] p = t == 0 ? ref.w[i] : ref.b[i];
        double[] analytic = t == 0 ? ref.dw[i] : ref.db[i];
        float[] floatGrad = t == 0 ? d.weightGradients() : d.biasGradients();
        int[] idx = sample(p.length, options.maxEntriesPerTensor(), rnd);
        double worst = 0;
        double worstF = 0;
        int worstAt = -1;
        int worstFAt = -1;
        for (int e : idx) {
          double saved = p[e];
          p[e] = saved + h;
          double plus = ref.loss();
          p[e] = saved - h;
          double minus = ref.loss();
          p[e] = saved;
          double numeric = (plus - minus) / (2 * h);
          double rel = relative(analytic[e], numeric, options.floor());
          double relF = relative(floatGrad[e], numeric, options.floor());
          if (!(rel <= worst)) {
            worst = rel;
            worstAt = e;
          }
          if (!(relF <= worstF)) {
            worstF = relF;
            worstFAt = e;
          }
        }
        results.add(new GradientCheckReport.TensorResult("layers." + i + (t == 0 ? ".weight" : ".bias"), p.length,
            idx.length, worst, worstAt, worstF, worstFAt));
      }
    }
    return new GradientCheckReport(results, loss0);
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

  /** Double-precision forward and backward of the model: the reference the float path is checked against. */
  static final class Reference {
    final Model model;
    final Loss loss;
    final int rows;
    final long step;
    final double[] input;
    final double[] target;
    final double[][] w;
    final double[][] b;
    final double[][] dw;
    final double[][] db;
    /** acts[k]: boundary k after dropout; pre[k]: boundary k before dropout (k >= 1). */
    final double[][] acts;
    final double[][] pre;
    double[] logits;

    Reference(Model model, Loss loss, float[] in, float[] tgt, int rows, long step) {
      this.model = model;
      this.loss = loss;
      this.rows = rows;
      this.step = step;
      int n = model.denseCount();
      input = toDouble(in, rows * model.inputSize());
      target = toDouble(tgt, rows * model.outputSize());
      w = new double[n][];
      b = new double[n][];
      dw = new double[n][];
      db = new double[n][];
      acts = new double[n + 1][];
      pre = new double[n + 1][];
      for (int i = 0; i < n; i++) {
        Dense d = model.dense(i);
        w[i] = toDouble(d.weights(), d.weights().length);
        b[i] = toDouble(d.bias(), d.bias().length);
        dw[i] = new double[w[i].length];
        db[i] = new double[b[i].length];
        acts[i + 1] = new double[rows * d.outputSize()];
        pre[i + 1] = new double[rows * d.outputSize()];
      }
      acts[0] = input;
      logits = new double[rows * model.outputSize()];
    }

    private static double[] toDouble(float[] a, int n) {
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = a[i];
      }
      return d;
    }

    double loss() {
      int n = model.denseCount();
      for (int i = 0; i < n; i++) {
        Dense d = model.dense(i);
        int in = d.inputSize();
        int out = d.outputSize();
        double[] z = i == n - 1 ? logits : pre[i + 1];
        double[] a = acts[i];
        for (int r = 0; r < rows; r++) {
          for (int o = 0; o < out; o++) {
            double s = b[i][o];
            for (int k = 0; k < in; k++) {
              s += a[r * in + k] * w[i][o * in + k];
            }
            z[r * out + o] = s;
          }
        }
        Activation act = model.activation(i);
        act.forwardDouble(z, pre[i + 1], rows, out);
        System.arraycopy(pre[i + 1], 0, acts[i + 1], 0, rows * out);
        Dropout drop = model.dropout(i);
        if (drop != null) {
          drop.applyDouble(step, i, acts[i + 1], rows * out);
        }
      }
      return loss.valueDouble(acts[n], logits, target, rows, model.outputSize());
    }

    void backward() {
      int n = model.denseCount();
      Activation outAct = model.activation(n - 1);
      double[] dA = new double[rows * model.outputSize()];
      loss.gradientDouble(acts[n], target, dA, rows, model.outputSize());
      for (int i = n - 1; i >= 0; i--) {
        Dense d = model.dense(i);
        int in = d.inputSize();
        int out = d.outputSize();
        double[] dZ = new double[rows * out];
        if (i == n - 1 && loss.fusedWith(outAct)) {
          System.arraycopy(dA, 0, dZ, 0, dZ.length);
        } else {
          Dropout drop = model.dropout(i);
          if (drop != null) {
            drop.applyDouble(step, i, dA, rows * out);
          }
          model.activation(i).backwardDouble(pre[i + 1], dA, dZ, rows, out);
        }
        for (int o = 0; o < out; o++) {
          double sb = 0;
          for (int r = 0; r < rows; r++) {
            sb += dZ[r * out + o];
          }
          db[i][o] = sb / rows;
          for (int k = 0; k < in; k++) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
              s += dZ[r * out + o] * acts[i][r * in + k];
            }
            dw[i][o * in + k] = s / rows;
          }
        }
        if (i > 0) {
          double[] dPrev = new double[rows * in];
          for (int r = 0; r < rows; r++) {
            for (int k = 0; k < in; k++) {
              double s = 0;
              for (int o = 0; o < out; o++) {
                s += dZ[r * out + o] * w[i][o * in + k];
              }
              dPrev[r * in + k] = s;
            }
          }
          dA = dPrev;
        }
      }
    }
  }
}
