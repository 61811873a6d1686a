package io.vectorgrad.training.gradcheck;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.trainer.ModelNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Gradient checking of the code that trains, for any model and loss on one mini-batch. The analytic
 * gradients come from the training path itself (the blocks' backward through the schedule SPI with
 * {@link StoreAll}, the same kernels); the numeric gradients come from the loss computed by the
 * <em>same</em> blocks' float forward (loss accumulated in double). There is no second, double-precision
 * copy of any block's maths.
 *
 * <p><b>Numeric derivative.</b> A float forward pass puts round-off of about {@code u·|L|} (u = 2⁻²⁴) into
 * the loss, so a central difference with a small step is noise-bound (≈ 1e-3 relative at h = 1e-3) and
 * with a large one truncation-bound. For each entry p the check therefore evaluates the loss at
 * {@value #PAIRS} pairs {@code p ± s_j}, {@code s_j = j·H/}{@value #PAIRS}, and fits the odd part
 * {@code (L(p⁺) − L(p⁻))/2} with the odd polynomial {@code d·s + c₃s³ + c₅s⁵ + c₇s⁷} by least squares
 * (truncation O(H⁸), round-off averaged over all points; a Richardson extrapolation in s² with many
 * steps). Each {@code s} is the real half-difference of the float values {@code fl(p + s)} and
 * {@code fl(p − s)}, not the requested step. This is done for {@code H = k·epsilon·max(1, |p|)},
 * k ∈ {1, 4, 16}, and among the usable ranges (below) the fit with the smallest standard error of {@code d}
 * (from its residual) is the numeric gradient: large ranges where the loss is nearly polynomial (where
 * round-off dominates), small ones where it is strongly curved.
 *
 * <p><b>Kinks.</b> ReLU and leaky ReLU are not differentiable at 0. A range is not used when the even part
 * {@code (L(p⁺) + L(p⁻))/2 − L(p)} has a significant first-order term (fitted with s, s², s⁴, s⁶; a
 * smooth loss has none, a kink near p gives half the jump of the slope), or when its derivative disagrees
 * with that of a smaller accepted range by more than 3 combined standard errors plus {@link #AGREE}. An
 * entry with no usable range, or whose best standard error is still above {@link #NON_SMOOTH} of its scale,
 * is counted as non-smooth and left out of the error figures; the report gives the count per tensor, and a
 * tensor with more than half of its checked entries non-smooth fails. This detection is not complete: a
 * kink crossed inside the smallest range but away from p can bias it undetected (seen at 3.6e-3 on a ReLU
 * network with zero biases; a smaller {@code epsilon} resolves it). Tests keep ReLU pre-activations away
 * from 0.
 *
 * <p><b>Error metric.</b> Per entry {@code |a − n| / max(|a|, |n|, floor)} with
 * {@code floor = max(Options.floor · rms, ZERO_TENSOR · modelRms)}: {@code rms} is the root mean square of
 * {@code max(|a|, |n|)} over the tensor's checked entries and {@code modelRms} the same over all tensors. An
 * entry is thus measured against the larger of its own gradient and the tensor's typical gradient (by
 * default the RMS itself), so that entries whose true gradient is ~0 do not dominate with round-off; and
 * never against less than 10% of the model's RMS gradient, so that a tensor whose gradient is zero in exact
 * arithmetic (a bias followed by BatchNorm), or tiny next to the others, is not judged by its round-off alone.
 * Each tensor also gets the error of its checked entries as a vector,
 * {@code ‖a − n‖ / max(‖a‖, ‖n‖)}. Large tensors are checked on a seeded sample of entries. Dropout is on
 * (training mode) with the masks of {@link Options#step()}, i.e. a fixed mask; BatchNorm uses batch
 * statistics and its running statistics are left untouched.
 *
 * <p>Measured on the small networks of {@code GradientCheckTest} (every block type, each activation and
 * loss, 16 rows, both providers): worst per-entry error 7e-7 to 7.4e-5, except a residual block with a
 * ReLU branch under the scalar provider (1.15e-4); per-tensor vector error ≤ 3.1e-5; a weight gradient 1%
 * off gives 1e-2, 0.1% off 1e-3.
 */
public final class GradientCheck {
  /**
   * Standard error of the fitted derivative, relative to {@code max(|n|, rms)}, above which an entry is
   * non-smooth (a kink within every range tried, or round-off too large to resolve it).
   */
  public static final double NON_SMOOTH = 1e-3;

  /** Step pairs ±s per range, s = H·j/PAIRS for j = 1..PAIRS (2·PAIRS forward passes per range). */
  static final int PAIRS = 12;
  /** Ranges H tried per entry, in units of {@code epsilon·max(1, |p|)}; the smallest standard error wins. */
  private static final double[] SCALES = {1, 4, 16};

  /**
   * Relative disagreement with a smaller range that a larger range may have beyond 3 standard errors: well
   * below the 1e-4 target, far below the ~1e-3 bias of a kink inside the range.
   */
  static final double AGREE = 2e-5;

  /** Powers fitted to the odd part {@code (L(p⁺) − L(p⁻))/2}: s, s³, s⁵, s⁷, truncation O(H⁸). */
  private static final int[] ODD = {1, 3, 5, 7};

  /**
   * Powers fitted to the even part {@code (L(p⁺) + L(p⁻))/2 − L(p)}: smooth, it has no s term; a kink in the
   * range gives one (about half the jump of the slope), and that range is not used.
   */
  private static final int[] EVEN = {1, 2, 4, 6};

  /**
   * Fraction of the model's RMS gradient that also floors every entry's scale: a tensor whose gradient is
   * zero in exact arithmetic (a bias followed by BatchNorm) is measured against this fraction of the model's
   * gradient instead of against its own round-off (its numeric values are ~1e-6 of the model's: noise).
   */
  public static final double ZERO_TENSOR = 0.1;

  private GradientCheck() {}

  /**
   * @param epsilon smallest of the three step ranges, relative: p moves by up to
   *     {@code k·epsilon·max(1, |p|)}, k = 1, 4, 16
   * @param maxEntriesPerTensor entries checked per tensor (a seeded sample when the tensor is larger)
   * @param seed chooses the sample
   * @param step training step whose dropout masks are used
   * @param floor fraction of the tensor's RMS gradient below which an entry's error is measured absolutely
   *     (against that fraction of the RMS instead of against the entry)
   */
  public record Options(double epsilon, int maxEntriesPerTensor, long seed, long step, double floor) {
    public Options {
      if (!(epsilon > 0) || maxEntriesPerTensor < 1 || !(floor > 0)) {
        throw new IllegalArgumentException("gradient check options: epsilon=" + epsilon + ", maxEntriesPerTensor="
            + maxEntriesPerTensor + ", floor=" + floor + ": expected epsilon > 0, max >= 1, floor > 0");
      }
    }

    /** epsilon 0.1, up to 64 entries per tensor, seed 1, step 0, floor 1 (the tensor's RMS gradient). */
    public static Options defaults() {
      return new Options(DEFAULT_EPSILON, 64, 1, 0, DEFAULT_FLOOR);
    }
  }

  /** Default smallest step range of {@link Options#defaults()} (ranges 0.1, 0.4, 1.6 for |p| ≤ 1). */
  public static final double DEFAULT_EPSILON = 0.1;

  /**
   * Default floor of {@link Options#defaults()}, as a fraction of the tensor's RMS gradient: 1 (an entry is
   * measured against at least the tensor's typical gradient). At 0.5 the same tests measure ≤ 1.2e-4, at
   * 0.1 up to ~3e-4: float round-off on entries far below their tensor's typical size.
   */
  public static final double DEFAULT_FLOOR = 1;

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
    List<Parameter> params = model.parameters();
    int[][] idxs = new int[params.size()][];
    double[][] numerics = new double[params.size()][];
    double[][] errors = new double[params.size()][];
    SplittableRandom rnd = new SplittableRandom(options.seed());
    double[] t = new double[PAIRS];
    double[] y = new double[PAIRS];
    double[] even = new double[PAIRS];
    double[] rangeD = new double[SCALES.length];
    double[] rangeSe = new double[SCALES.length];
    double base = forwardLoss(net, acts);
    double analyticRms = 0;
    long analyticCount = 0;
    for (Parameter p : params) {
      for (float g : p.gradient()) {
        analyticRms += (double) g * g;
      }
      analyticCount += p.size();
    }
    // a slope jump below the metric's model floor (ZERO_TENSOR of the RMS gradient) is not a kink
    analyticRms = ZERO_TENSOR * Math.sqrt(analyticRms / Math.max(1, analyticCount));
    for (int pi = 0; pi < params.size(); pi++) {
      Parameter p = params.get(pi);
      float[] v = p.values();
      int[] idx = sample(v.length, options.maxEntriesPerTensor(), rnd);
      double[] numeric = new double[idx.length];
      double[] error = new double[idx.length];
      for (int k = 0; k < idx.length; k++) {
        int e = idx[k];
        float saved = v[e];
        error[k] = Double.POSITIVE_INFINITY;
        int accepted = 0;
        for (int r = 0; r < SCALES.length; r++) {
          double h = SCALES[r] * options.epsilon() * Math.max(1, Math.abs(saved));
          for (int j = 0; j < PAIRS; j++) {
            double s = h * (j + 1) / PAIRS;
            float up = (float) (saved + s);
            float down = (float) (saved - s);
            v[e] = up;
            double plus = forwardLoss(net, acts);
            v[e] = down;
            double minus = forwardLoss(net, acts);
            t[j] = ((double) up - down) / (2 * h);
            y[j] = (plus - minus) / 2;
            even[j] = (plus + minus) / 2 - base;
          }
          double[] fit = fit(t, y, ODD);
          double d = fit[0] / h;
          double se = fit[ODD.length] / h;
          // a kink near p: the even part has a first-order term, half the jump of the slope
          double[] kink = fit(t, even, EVEN);
          double jump = Math.abs(kink[0]) - 3 * kink[EVEN.length];
          if (jump > NON_SMOOTH * Math.max(Math.abs(fit[0]), analyticRms * h)) {
            continue;
          }
          // a kink (or strong curvature) inside a larger range: its d disagrees with the smaller ranges'
          boolean consistent = true;
          for (int q = 0; q < accepted; q++) {
            consistent &= Math.abs(d - rangeD[q]) <= 3 * Math.hypot(se, rangeSe[q]) + AGREE * Math.abs(rangeD[q]);
          }
          if (!consistent && accepted > 0) {
            continue;
          }
          rangeD[accepted] = d;
          rangeSe[accepted++] = se;
          if (!(se >= error[k])) { // the first, or a smaller standard error; NaN kept
            numeric[k] = d;
            error[k] = se;
          }
        }
        v[e] = saved;
      }
      idxs[pi] = idx;
      numerics[pi] = numeric;
      errors[pi] = error;
    }
    double modelSum = 0;
    int modelCount = 0;
    for (int pi = 0; pi < params.size(); pi++) {
      modelSum += sumOfSquares(idxs[pi], params.get(pi).gradient(), numerics[pi]);
      modelCount += idxs[pi].length;
    }
    double modelRms = Math.sqrt(modelSum / Math.max(1, modelCount));
    List<GradientCheckReport.TensorResult> results = new ArrayList<>();
    for (int pi = 0; pi < params.size(); pi++) {
      Parameter p = params.get(pi);
      results.add(summarize(p.name(), p.size(), idxs[pi], p.gradient(), numerics[pi], errors[pi], options.floor(),
          modelRms));
    }
    return new GradientCheckReport(results, loss0);
  }

  private static GradientCheckReport.TensorResult summarize(String name, int entries, int[] idx, float[] analytic,
      double[] numeric, double[] error, double floorFraction, double modelRms) {
    double rms = Math.sqrt(sumOfSquares(idx, analytic, numeric) / idx.length);
    double floor = Math.max(Double.MIN_NORMAL, Math.max(floorFraction * rms, ZERO_TENSOR * modelRms));
    rms = Math.max(rms, ZERO_TENSOR * modelRms);
    double worst = 0;
    int worstAt = -1;
    double worstA = 0;
    double worstN = 0;
    double diff2 = 0;
    double a2 = 0;
    double n2 = 0;
    int nonSmooth = 0;
    for (int k = 0; k < idx.length; k++) {
      int e = idx[k];
      double a = analytic[e];
      double num = numeric[k];
      if (error[k] > NON_SMOOTH * Math.max(Math.abs(num), rms)) { // NaN is not skipped: it fails below
        nonSmooth++;
        continue;
      }
      double rel = relative(a, num, floor);
      diff2 += (a - num) * (a - num);
      a2 += a * a;
      n2 += num * num;
      if (!(rel <= worst)) {
        worst = rel;
        worstAt = e;
        worstA = a;
        worstN = num;
      }
    }
    double normError = diff2 == 0 ? 0
        : Math.sqrt(diff2) / Math.max(Math.sqrt(Math.max(a2, n2)), floor * Math.sqrt(idx.length));
    return new GradientCheckReport.TensorResult(name, entries, idx.length, nonSmooth, worst, worstAt, worstA, worstN,
        Double.isNaN(normError) ? Double.POSITIVE_INFINITY : normError);
  }

  /** Σ max(|a|, |n|)² over the checked entries. */
  private static double sumOfSquares(int[] idx, float[] analytic, double[] numeric) {
    double sum = 0;
    for (int k = 0; k < idx.length; k++) {
      double m = Math.max(Math.abs(analytic[idx[k]]), Math.abs(numeric[k]));
      sum += m * m;
    }
    return sum;
  }

  /**
   * Least-squares fit of {@code y ≈ Σ_k β_k·t^powers[k]} (t = s/H in (0, 1]) by modified Gram-Schmidt QR.
   * Returns β, then the standard error of β₀.
   */
  static double[] fit(double[] t, double[] y, int[] powers) {
    int terms = powers.length;
    int m = t.length;
    double[][] q = new double[terms][m];
    double[][] r = new double[terms][terms];
    for (int k = 0; k < terms; k++) {
      for (int j = 0; j < m; j++) {
        q[k][j] = Math.pow(t[j], powers[k]);
      }
      for (int i = 0; i < k; i++) {
        double d = 0;
        for (int j = 0; j < m; j++) {
          d += q[i][j] * q[k][j];
        }
        r[i][k] = d;
        for (int j = 0; j < m; j++) {
          q[k][j] -= d * q[i][j];
        }
      }
      double norm = 0;
      for (int j = 0; j < m; j++) {
        norm += q[k][j] * q[k][j];
      }
      norm = Math.sqrt(norm);
      r[k][k] = norm;
      for (int j = 0; j < m; j++) {
        q[k][j] /= norm;
      }
    }
    double[] res = y.clone();
    double[] qty = new double[terms];
    for (int k = 0; k < terms; k++) {
      double d = 0;
      for (int j = 0; j < m; j++) {
        d += q[k][j] * res[j];
      }
      qty[k] = d;
      for (int j = 0; j < m; j++) {
        res[j] -= d * q[k][j];
      }
    }
    double[] out = new double[terms + 1];
    for (int k = terms - 1; k >= 0; k--) {
      double d = qty[k];
      for (int i = k + 1; i < terms; i++) {
        d -= r[k][i] * out[i];
      }
      out[k] = d / r[k][k];
    }
    double ss = 0;
    for (double e : res) {
      ss += e * e;
    }
    // standard error of β₀: residual RMS × ‖row 0 of R⁻¹‖ (R⁻¹R⁻ᵀ = (XᵀX)⁻¹), by forward substitution
    double[] z = new double[terms];
    double z2 = 0;
    for (int k = 0; k < terms; k++) {
      double d = k == 0 ? 1 : 0;
      for (int i = 0; i < k; i++) {
        d -= r[i][k] * z[i];
      }
      z[k] = d / r[k][k];
      z2 += z[k] * z[k];
    }
    out[terms] = Math.sqrt(ss / Math.max(1, m - terms)) * Math.sqrt(z2);
    return out;
  }

  private static double forwardLoss(ModelNetwork net, float[][] acts) {
    for (int i = 0; i < net.blocks(); i++) {
      net.forward(i, acts[i], acts[i + 1]);
    }
    return net.loss(acts[net.blocks()]);
  }

  /** {@code |a − n| / max(|a|, |n|, floor)}; 0 when equal, ∞ when either is NaN. */
  static double relative(double a, double n, double floor) {
    double d = Math.abs(a - n);
    if (Double.isNaN(d)) {
      return Double.POSITIVE_INFINITY;
    }
    return d == 0 ? 0 : d / Math.max(floor, Math.max(Math.abs(a), Math.abs(n)));
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
    return Arrays.copyOf(all, max);
  }
}
