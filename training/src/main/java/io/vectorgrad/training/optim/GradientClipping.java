package io.vectorgrad.training.optim;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.model.Model;

/**
 * Gradient clipping applied between backward and the optimizer step: none, by value (each element clamped
 * to {@code [−c, c]}) or by global norm (all gradients scaled by {@code maxNorm/‖g‖} when the L2 norm over
 * every tensor exceeds {@code maxNorm}). Immutable.
 */
public final class GradientClipping {
  private enum Kind { NONE, VALUE, NORM }

  private static final GradientClipping NONE = new GradientClipping(Kind.NONE, 0f);
  private final Kind kind;
  private final float limit;

  private GradientClipping(Kind kind, float limit) {
    this.kind = kind;
    this.limit = limit;
  }

  public static GradientClipping none() {
    return NONE;
  }

  public static GradientClipping byValue(float maxAbs) {
    if (!(maxAbs > 0f) || Float.isInfinite(maxAbs)) {
      throw new IllegalArgumentException("clip value=" + maxAbs + ": expected a finite value > 0");
    }
    return new GradientClipping(Kind.VALUE, maxAbs);
  }

  public static GradientClipping byGlobalNorm(float maxNorm) {
    if (!(maxNorm > 0f) || Float.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("clip norm=" + maxNorm + ": expected a finite value > 0");
    }
    return new GradientClipping(Kind.NORM, maxNorm);
  }

  public boolean isNone() {
    return kind == Kind.NONE;
  }

  /** Clips the model's current gradients in place. */
  public void apply(Model model) {
    if (kind == Kind.NORM) {
      apply(model, globalNorm(model));
    } else {
      apply(model, Double.NaN);
    }
  }

  /**
   * Clips with a global norm the caller already computed (the trainer has it from the per-block norms).
   * Ignored unless clipping by norm.
   */
  public void apply(Model model, double globalNorm) {
    switch (kind) {
      case NONE:
        return;
      case VALUE:
        for (int i = 0; i < model.parameters().size(); i++) {
          clamp(model.parameters().get(i).gradient(), limit);
        }
        return;
      case NORM:
        if (globalNorm > limit) {
          float s = (float) (limit / globalNorm);
          for (int i = 0; i < model.parameters().size(); i++) {
            Parameter p = model.parameters().get(i);
            Elementwise.scale(s, p.gradient(), 0, p.gradient(), 0, p.size());
          }
        }
        return;
      default:
        throw new AssertionError(kind);
    }
  }

  /** L2 norm over all gradient tensors of the model. */
  public static double globalNorm(Model model) {
    double sum = 0;
    for (int i = 0; i < model.parameters().size(); i++) {
      Parameter p = model.parameters().get(i);
      sum += Elementwise.sumOfSquares(p.gradient(), 0, p.size());
    }
    return Math.sqrt(sum);
  }

  private static void clamp(float[] g, float c) {
    // No clamp kernel exists; a branch-free min/max loop vectorises under C2.
    for (int i = 0; i < g.length; i++) {
      g[i] = Math.max(-c, Math.min(c, g[i]));
    }
  }

  /** {@code none}, {@code value:C} or {@code norm:N}. */
  public String spec() {
    return kind == Kind.NONE ? "none" : (kind == Kind.VALUE ? "value:" : "norm:") + limit;
  }

  /** Parses {@link #spec()}. */
  public static GradientClipping fromSpec(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.equals("none")) {
        return none();
      } else if (s.startsWith("value:")) {
        return byValue(Float.parseFloat(s.substring(6)));
      } else if (s.startsWith("norm:")) {
        return byGlobalNorm(Float.parseFloat(s.substring(5)));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("bad clipping '" + spec + "': expected none, value:C or norm:N");
  }

  @Override
  public String toString() {
    return spec();
  }
}
