package io.vectorgrad.training.gradcheck;

import java.util.List;
import java.util.Locale;

/**
 * Result of a {@link GradientCheck}: per parameter tensor (by its model-file name, e.g.
 * {@code layers.0.weight}) the worst relative error of the training code's analytic gradient against the
 * extrapolated differences of the same code's forward pass, with the two values at that entry, and how many
 * checked entries were left out as non-smooth (a ReLU kink within the step).
 */
public final class GradientCheckReport {
  /**
   * One tensor's figures; indices are flat positions in the tensor, {@code worstIndex} is −1 when no entry
   * was smooth. {@code normRelativeError} is {@code ‖a − n‖ / max(‖a‖, ‖n‖)} over the smooth checked
   * entries.
   */
  public record TensorResult(String name, int entries, int checked, int nonSmooth, double worstRelativeError,
      int worstIndex, double analyticAtWorst, double numericAtWorst, double normRelativeError) {
    /** Checked entries that count: at least half of them must be smooth for a tensor to pass. */
    public boolean enoughSmooth() {
      return 2 * nonSmooth <= checked;
    }
  }

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

  /** Worst relative error, analytic vs numeric, over all tensors' smooth entries. */
  public double worstRelativeError() {
    return tensors.stream().mapToDouble(TensorResult::worstRelativeError).max().orElse(0);
  }

  /** Worst per-tensor vector error {@code ‖a − n‖ / max(‖a‖, ‖n‖)}. */
  public double worstNormRelativeError() {
    return tensors.stream().mapToDouble(TensorResult::normRelativeError).max().orElse(0);
  }

  /** Checked entries left out as non-smooth, over all tensors. */
  public int nonSmooth() {
    return tensors.stream().mapToInt(TensorResult::nonSmooth).sum();
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

  /**
   * Every tensor within {@code tolerance} on its smooth entries, and no tensor with more than half of its
   * checked entries non-smooth (such a check would have verified little).
   */
  public boolean passes(double tolerance) {
    return worstRelativeError() <= tolerance && tensors.stream().allMatch(TensorResult::enoughSmooth);
  }

  @Override
  public String toString() {
    int width = 18;
    for (TensorResult t : tensors) {
      width = Math.max(width, t.name().length());
    }
    String fmt = "%-" + width + "s %8s %8s %7s %10s %14s %14s %11s%n";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "tensor", "entries", "checked", "kinks",
        "rel.err", "analytic", "numeric", "‖a−n‖/‖a‖"));
    String row = "%-" + width + "s %8d %8d %7d %10.2e %14.7e %14.7e %11.2e%n";
    for (TensorResult t : tensors) {
      sb.append(String.format(Locale.ROOT, row, t.name(), t.entries(), t.checked(), t.nonSmooth(),
          t.worstRelativeError(), t.analyticAtWorst(), t.numericAtWorst(), t.normRelativeError()));
    }
    return sb.append(String.format(Locale.ROOT, "worst: %.3e in %s (vector error %.3e); %d non-smooth entries skipped;"
        + " loss %.6g", worstRelativeError(), tensors.isEmpty() ? "-" : worstTensor().name(), worstNormRelativeError(),
        nonSmooth(), loss)).toString();
  }
}
