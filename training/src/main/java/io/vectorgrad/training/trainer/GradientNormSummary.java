package io.vectorgrad.training.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Running statistics of each block's gradient L2 norm over a training run (before clipping): count, mean,
 * standard deviation, min, max and last value, in O(blocks) memory whatever the number of steps (Welford's
 * update, in double). The vanishing/exploding-gradient record the CLI prints and writes as
 * {@code layer_gradient_norms}.
 *
 * <p>Warnings: <b>vanishing</b> when the first block's mean norm is below {@value #VANISHING_RATIO} of
 * the last block's; <b>exploding</b> when any block's largest norm exceeds {@value #EXPLODING_NORM} or the
 * first block's mean norm exceeds the last's by more than {@code 1/}{@value #VANISHING_RATIO}.
 */
public final class GradientNormSummary {
  /** First/last mean-norm ratio below which gradients are reported as vanishing. */
  public static final double VANISHING_RATIO = 1e-6;
  /** A per-block gradient norm above this is reported as exploding. */
  public static final double EXPLODING_NORM = 1e4;

  private final List<String> names;
  private final long[] count;
  private final double[] mean;
  private final double[] m2;
  private final double[] min;
  private final double[] max;
  private final double[] last;

  /** One entry per name (e.g. {@code layers.0}, ...), in block order. */
  public GradientNormSummary(List<String> names) {
    this.names = List.copyOf(names);
    int n = names.size();
    count = new long[n];
    mean = new double[n];
    m2 = new double[n];
    min = new double[n];
    max = new double[n];
    last = new double[n];
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
  }

  /** Adds one step's norms ({@code norms[i]} for entry {@code i}); allocates nothing. */
  public void add(float[] norms) {
    if (norms.length < names.size()) {
      throw new IllegalArgumentException(norms.length + " norms for " + names.size() + " entries");
    }
    for (int i = 0; i < names.size(); i++) {
      double x = norms[i];
      long c = ++count[i];
      double d = x - mean[i];
      mean[i] += d / c;
      m2[i] += d * (x - mean[i]);
      min[i] = Math.min(min[i], x);
      max[i] = Math.max(max[i], x);
      last[i] = x;
    }
  }

  public List<String> names() {
    return names;
  }

  public int size() {
    return names.size();
  }

  /** Steps recorded. */
  public long steps() {
    return names.isEmpty() ? 0 : count[0];
  }

  public double mean(int i) {
    return count[i] == 0 ? Double.NaN : mean[i];
  }

  /** Population standard deviation of entry {@code i}'s norms. */
  public double standardDeviation(int i) {
    return count[i] == 0 ? Double.NaN : Math.sqrt(m2[i] / count[i]);
  }

  public double min(int i) {
    return count[i] == 0 ? Double.NaN : min[i];
  }

  public double max(int i) {
    return count[i] == 0 ? Double.NaN : max[i];
  }

  /** The norm at the last recorded step. */
  public double last(int i) {
    return count[i] == 0 ? Double.NaN : last[i];
  }

  /** First block's mean norm divided by the last block's (NaN before any step). */
  public double firstToLastRatio() {
    int n = names.size();
    return n == 0 || count[0] == 0 ? Double.NaN : mean[0] / mean[n - 1];
  }

  public boolean vanishing() {
    double r = firstToLastRatio();
    return r < VANISHING_RATIO || (mean(0) == 0 && mean(names.size() - 1) > 0);
  }

  public boolean exploding() {
    for (int i = 0; i < names.size(); i++) {
      if (count[i] > 0 && !(max[i] <= EXPLODING_NORM)) {
        return true;
      }
    }
    double r = firstToLastRatio();
    return r > 1 / VANISHING_RATIO;
  }

  /** Human-readable warnings (empty when gradients look healthy). */
  public List<String> warnings() {
    List<String> w = new ArrayList<>();
    if (steps() == 0) {
      return w;
    }
    int n = names.size();
    if (vanishing()) {
      w.add(String.format(Locale.ROOT, "vanishing gradients: %s's mean gradient norm %.3e is below %.0e of %s's %.3e"
          + " (try residual blocks, a norm, or ReLU)", names.get(0), mean(0), VANISHING_RATIO, names.get(n - 1),
          mean(n - 1)));
    }
    if (exploding()) {
      int worst = 0;
      for (int i = 1; i < n; i++) {
        if (!(max[i] <= max[worst])) {
          worst = i;
        }
      }
      w.add(String.format(Locale.ROOT, "exploding gradients: %s's gradient norm reached %.3e (above %.0e, or first/last"
          + " ratio %.3e; try clipping or a lower learning rate)", names.get(worst), max[worst], EXPLODING_NORM,
          firstToLastRatio()));
    }
    return w;
  }

  /** For JSON: one map per entry with name, mean, std, min, max, last. */
  public List<Map<String, Object>> toMaps() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", names.get(i));
      m.put("mean", mean(i));
      m.put("std", standardDeviation(i));
      m.put("min", min(i));
      m.put("max", max(i));
      m.put("last", last(i));
      list.add(m);
    }
    return list;
  }

  /** A table, one row per entry, then the warnings. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s %11s %11s %11s %11s%n", "gradient norm",
        "mean", "min", "max", "last"));
    for (int i = 0; i < names.size(); i++) {
      sb.append(String.format(Locale.ROOT, "%-12s %11.3e %11.3e %11.3e %11.3e%n", names.get(i), mean(i), min(i), max(i),
          last(i)));
    }
    for (String w : warnings()) {
      sb.append("warning: ").append(w).append(System.lineSeparator());
    }
    return sb.toString();
  }
}
