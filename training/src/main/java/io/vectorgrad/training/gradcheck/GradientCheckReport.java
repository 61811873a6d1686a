package io.vectorgrad.training.gradcheck;

import java.util.List;
import java.util.Locale;

/**
 * Result of a {@link GradientCheck}: per parameter tensor ({@code layers.{i}.weight}, {@code layers.{i}.bias})
 * the worst relative error of the double-precision analytic gradient against central differences (the
 * check of the maths, meaningful at 1e-4), and of the float kernel gradient against the same central
 * differences (the check of the kernels, limited by float rounding).
 */
public final class GradientCheckReport {
  /** One tensor's figures; indices are flat positions in the tensor. */
  public record TensorResult(String name, int entries, int checked, double worstRelativeError, int worstIndex,
      double worstFloatRelativeError, int worstFloatIndex) {}

  private final List<TensorResult> tensors;
  private final double loss;

  GradientCheckReport(List<TensorResult> tensors, double loss) {
    this.tensors = List.copyOf(tensors);
    this.loss = loss;
  }

  public List<TensorResult> tensors() {
    return tensors;
  }

  /** The loss at the checked point (double reference). */
  public double loss() {
    return loss;
  }

  /** Worst relative error, double analytic vs central differences, over all tensors. */
  public double worstRelativeError() {
    return tensors.stream().mapToDouble(TensorResult::worstRelativeError).max().orElse(0);
  }

  /** Worst relative error, float kernel gradient vs central differences, over all tensors. */
  public double worstFloatRelativeError() {
    return tensors.stream().mapToDouble(TensorResult::worstFloatRelativeError).max().orElse(0);
  }

  /** The tensor with the worst double relative error. */
  public TensorResult worstTensor() {
    TensorResult w = tensors.get(0);
    for (TensorResult t : tensors) {
      if (t.worstRelativeError() > w.worstRelativeError()) {
        w = t;
      }
    }
    return w;
  }

  /** Both checks pass: double within {@code tolerance}, float within {@code floatTolerance}. */
  public boolean passes(double tolerance, double floatTolerance) {
    return worstRelativeError() <= tolerance && worstFloatRelativeError() <= floatTolerance;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s %9s %9s %14s %14s%n", "tensor",
        "entries", "checked", "rel.err(f64)", "rel.err(f32)"));
    for (TensorResult t : tensors) {
      sb.append(String.format(Locale.ROOT, "%-18s %9d %9d %14.3e %14.3e%n", t.name(), t.entries(), t.checked(),
          t.worstRelativeError(), t.worstFloatRelativeError()));
    }
    return sb.append(String.format(Locale.ROOT, "worst: %.3e (double analytic), %.3e (float kernels); loss %.6g",
        worstRelativeError(), worstFloatRelativeError(), loss)).toString();
  }
}
