package io.vectorgrad.training.optim;

import java.util.Locale;

/**
 * The learning rate as a function of the optimizer step (0-based): {@code rate(base, step)}. Immutable.
 * Constant, step decay, exponential decay and cosine annealing, each optionally preceded by a linear
 * warm-up: during warm-up step {@code s < w} the rate is {@code base·(s+1)/w}; afterwards the wrapped
 * schedule runs from its own step 0.
 */
public interface LearningRateSchedule {
  float rate(float baseLearningRate, long step);

  /** The spec string, e.g. {@code cosine:1000:0.01,warmup:100}. */
  String spec();

  /** This schedule after {@code steps} linear warm-up steps. */
  default LearningRateSchedule withWarmup(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("warm-up steps=" + steps + ": expected >= 0");
    }
    if (steps == 0) {
      return this;
    }
    LearningRateSchedule inner = this;
    return new LearningRateSchedule() {
      @Override
      public float rate(float base, long step) {
        return step < steps ? (float) ((double) base * (step + 1) / steps) : inner.rate(base, step - steps);
      }

      @Override
      public String spec() {
        return inner.spec() + ",warmup:" + steps;
      }

      @Override
      public String toString() {
        return spec();
      }
    };
  }

  static LearningRateSchedule constant() {
    return Simple.CONSTANT;
  }

  /** {@code base·gamma^⌊step/stepSize⌋}. */
  static LearningRateSchedule step(long stepSize, double gamma) {
    if (stepSize < 1 || !(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("step schedule: stepSize=" + stepSize + ", gamma=" + gamma
          + ": expected stepSize >= 1 and 0 < gamma <= 1");
    }
    return new Simple("step:" + stepSize + ":" + gamma, s -> Math.pow(gamma, s / stepSize));
  }

  /** {@code base·gamma^step}. */
  static LearningRateSchedule exponential(double gamma) {
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("exponential schedule: gamma=" + gamma + ": expected 0 < gamma <= 1");
    }
    return new Simple("exp:" + gamma, s -> Math.pow(gamma, s));
  }

  /**
   * Cosine annealing from {@code base} to {@code base·minFactor} over {@code totalSteps}, then constant:
   * {@code min + (1 − min)·(1 + cos(π·step/total))/2} times base.
   */
  static LearningRateSchedule cosine(long totalSteps, double minFactor) {
    if (totalSteps < 1 || !(minFactor >= 0 && minFactor <= 1)) {
      throw new IllegalArgumentException("cosine schedule: totalSteps=" + totalSteps + ", minFactor=" + minFactor
          + ": expected totalSteps >= 1 and 0 <= minFactor <= 1");
    }
    return new Simple("cosine:" + totalSteps + ":" + minFactor, s -> {
      double t = Math.min(s, totalSteps) / (double) totalSteps;
      return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * t));
    });
  }

  /**
   * Parses {@code constant}, {@code step:SIZE:GAMMA}, {@code exp:GAMMA}, {@code cosine:TOTAL[:MIN]}, each
   * optionally followed by {@code ,warmup:STEPS}.
   */
  static LearningRateSchedule fromSpec(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty learning-rate schedule: expected constant, step:SIZE:GAMMA, "
          + "exp:GAMMA or cosine:TOTAL[:MIN], optionally with ,warmup:STEPS");
    }
    String s = spec.trim().toLowerCase(Locale.ROOT);
    long warmup = 0;
    int comma = s.indexOf(',');
    try {
      if (comma >= 0) {
        String w = s.substring(comma + 1).trim();
        if (!w.startsWith("warmup:")) {
          throw new IllegalArgumentException("bad schedule '" + spec + "': after ',' expected warmup:STEPS");
        }
        warmup = Long.parseLong(w.substring(7));
        s = s.substring(0, comma).trim();
      }
      String[] p = s.split(":");
      LearningRateSchedule base;
      switch (p[0]) {
        case "constant":
          expectParts(spec, p, 1, 1);
          base = constant();
          break;
        case "step":
          expectParts(spec, p, 3, 3);
          base = step(Long.parseLong(p[1]), Double.parseDouble(p[2]));
          break;
        case "exp":
          expectParts(spec, p, 2, 2);
          base = exponential(Double.parseDouble(p[1]));
          break;
        case "cosine":
          expectParts(spec, p, 2, 3);
          base = cosine(Long.parseLong(p[1]), p.length == 3 ? Double.parseDouble(p[2]) : 0);
          break;
        default:
          throw new IllegalArgumentException("unknown learning-rate schedule '" + spec
              + "': expected constant, step:SIZE:GAMMA, exp:GAMMA or cosine:TOTAL[:MIN]");
      }
      return base.withWarmup(warmup);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in learning-rate schedule '" + spec + "': " + e.getMessage());
    }
  }

  private static void expectParts(String spec, String[] p, int min, int max) {
    if (p.length < min || p.length > max) {
      throw new IllegalArgumentException("bad learning-rate schedule '" + spec + "': " + p[0] + " takes "
          + (min - 1) + (max > min ? "-" + (max - 1) : "") + " parameter(s)");
    }
  }

  /** A factor of the step. */
  final class Simple implements LearningRateSchedule {
    static final Simple CONSTANT = new Simple("constant", s -> 1.0);
    private final String spec;
    private final java.util.function.LongToDoubleFunction factor;

    private Simple(String spec, java.util.function.LongToDoubleFunction factor) {
      this.spec = spec;
      this.factor = factor;
    }

    @Override
    public float rate(float base, long step) {
      return (float) (base * factor.applyAsDouble(step));
    }

    @Override
    public String spec() {
      return spec;
    }

    @Override
    public String toString() {
      return spec;
    }
  }
}
