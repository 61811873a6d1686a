package io.vectorgrad.training.gradcheck;

import java.util.List;
import java.util.Locale;

/**
 * Result of a {@link GradientCheck}: per parameter tensor (by its model-file name, e.g.
 * {@code layers.0.weight}) the worst relative error of the training code's analytic gradient against
 * central differences of the same code's forward pass, with the two values at that entry.
 */
public final class GradientCheckReport {
  /**
   * One tensor's figures; indices are flat positions in the tensor. {@code normRelativeError} is
   * {@code ‖a − n‖ / max(‖a‖, ‖n‖, floor)} over the checked entries.
   */
  public record TensorResult(String name, int entries, int checked, double worstRelativeError, int worstIndex,
      double analyticAtWorst, double numericAtWorst, double normRelativeError) {}

  private final List<TensorResult> tensors;
  private final double loss;

  GradientCheckReport(List<TensorResult> tensors, double loss) {
    this.tensors = List.copyOf(tensors);
    this.loss = loss;
  }

  public List<TensorResult> tensors() {
    return tensors;
  }

  /** The loss at the checked point. */
  public double loss() {
    return loss;
  }

  /** Worst relative error, analytic vs central differences, over all tensors. */
  public double worstRelativeError() {
    return tensors.stream().mapToDouble(TensorResult::worstRelativeError).max().orElse(0);
  }

  /** Worst per-tensor vector error {@code ‖a − n‖ / max(‖a‖, ‖n‖, floor)}. */
  public double worstNormRelativeError() {
    return tensors.stream().mapToDouble(TensorResult::normRelativeError).max().orElse(0);
  }

  /** The tensor with the worst relative error. */
  public TensorResult worstTensor() {
    TensorResult w = tensors.get(0);
    for (TensorResult t : tensors) {
      if (!(t.worstRelativeError() <= w.worstRelativeError())) {
        w = t;
      }
    }
    return w;
  }

  /** Every tensor within {@code tolerance}. */
  public boolean passes(double tolerance) {
    return worstRelativeError() <= tolerance;
  }

  @Override
  public String toString() {
    int width = 18;
    for (TensorResult t : tensors) {
      width = Math.max(width, t.name().length());
    }
    String fmt = "%-" + width + "s %9s %9s %12s %13s %13s %12s%n";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "tensor", "entries", "checked", "rel.err",
        "analytic", "numeric", "‖a−n‖/‖n‖"));
    String row = "%-" + width + "s %9d %9d %12.3e %13.6e %13.6e %12.3e%n";
    for (TensorResult t : tensors) {
      sb.append(String.format(Locale.ROOT, row, t.name(), t.entries(), t.checked(), t.worstRelativeError(),
          t.analyticAtWorst(), t.numericAtWorst(), t.normRelativeError()));
    }
    return sb.append(String.format(Locale.ROOT, "worst: %.3e in %s (vector error %.3e); loss %.6g",
        worstRelativeError(), tensors.isEmpty() ? "-" : worstTensor().name(), worstNormRelativeError(), loss))
        .toString();
  }
}
