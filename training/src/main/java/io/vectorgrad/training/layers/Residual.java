package io.vectorgrad.training.layers;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.training.model.Activation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A pre-norm residual block, {@code y = P·x + f(x)} with {@code f = fc2 ∘ g ∘ fc1 ∘ norm} ({@code norm}
 * optional: {@link NormKind}), {@code P} the identity when input and output widths agree and a learned
 * projection {@code proj} (a Dense layer) otherwise. Tensors: {@code prefix.norm.*}, {@code prefix.fc1.*},
 * {@code prefix.fc2.*}, {@code prefix.proj.*}.
 *
 * <p>Kept for backward, after the output in the same buffer: the normalised input {@code u}
 * ({@code rows × width}, without a norm {@code u = x}) and the hidden activations {@code a}
 * ({@code rows × hidden}); so {@link #savedWidth()} is {@code width + hidden} (or {@code hidden}). The
 * builder initialises {@code fc2} to zero, so that every block starts as the identity (deep stacks start
 * out as the shallow network and train stably; the gradient still reaches fc2 at the first step).
 */
public final class Residual implements Block {
  private final int width;
  private final int hidden;
  private final int outWidth;
  private final Normalization norm;
  private final Dense fc1;
  private final Dense fc2;
  private final Dense proj;
  private final Activation activation;
  private final List<Parameter> parameters;
  private final List<Parameter> state;

  /** A block with zero parameters (norms at γ = 1, β = 0); see {@code Model.Builder.residual}. */
  public Residual(String prefix, int width, int hidden, int outWidth, NormKind norm, Activation activation) {
    this(width, hidden, outWidth, Objects.requireNonNull(norm, "norm").create(prefix + ".norm", width),
        new Dense(prefix + ".fc1", width, hidden), new Dense(prefix + ".fc2", hidden, outWidth),
        outWidth == width ? null : new Dense(prefix + ".proj", width, outWidth), activation);
  }

  private Residual(int width, int hidden, int outWidth, Normalization norm, Dense fc1, Dense fc2, Dense proj,
      Activation activation) {
    if (width < 1 || hidden < 1 || outWidth < 1) {
      throw new IllegalArgumentException("residual(" + width + "→" + hidden + "→" + outWidth
          + "): widths must be >= 1");
    }
    this.activation = Objects.requireNonNull(activation, "activation");
    if (activation == Activation.SOFTMAX) {
      throw new IllegalArgumentException("softmax is only supported as the output activation, not inside a residual block");
    }
    this.width = width;
    this.hidden = hidden;
    this.outWidth = outWidth;
    this.norm = norm;
    this.fc1 = fc1;
    this.fc2 = fc2;
    this.proj = proj;
    List<Parameter> ps = new ArrayList<>();
    if (norm != null) {
      ps.addAll(norm.parameters());
    }
    for (Dense d : denseLayers()) {
      ps.add(d.weightParameter());
      ps.add(d.biasParameter());
    }
    parameters = Collections.unmodifiableList(ps);
    state = norm == null ? List.of() : norm.state();
  }

  public NormKind norm() {
    return norm == null ? NormKind.NONE : norm.kind();
  }

  /** The norm block, or {@code null}. */
  public Normalization normalization() {
    return norm;
  }

  public int hiddenWidth() {
    return hidden;
  }

  public Activation activation() {
    return activation;
  }

  public Dense fc1() {
    return fc1;
  }

  public Dense fc2() {
    return fc2;
  }

  /** The projection, or {@code null} when widths agree. */
  public Dense projection() {
    return proj;
  }

  @Override
  public int inputWidth() {
    return width;
  }

  @Override
  public int outputWidth() {
    return outWidth;
  }

  @Override
  public int savedWidth() {
    return (norm != null ? width : 0) + hidden;
  }

  @Override
  public int scratchWidth() {
    return hidden + width;
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public List<Parameter> state() {
    return state;
  }

  @Override
  public List<Dense> denseLayers() {
    return proj == null ? List.of(fc1, fc2) : List.of(fc1, fc2, proj);
  }

  @Override
  public long forwardFlops(int rows) {
    long f = fc1.forwardFlops(rows) + fc2.forwardFlops(rows) + (long) rows * hidden;
    if (norm != null) {
      f += norm.forwardFlops(rows);
    }
    return f + (proj != null ? proj.forwardFlops(rows) : (long) rows * width);
  }

  @Override
  public void forward(float[] in, float[] out, float[] z, int rows, int threads, TrainingPass pass) {
    int offU = rows * outWidth;
    int offA = offU + (norm != null ? rows * width : 0);
    float[] u = in;
    int uOff = 0;
    if (norm != null) {
      norm.forwardAt(in, 0, out, offU, rows, pass);
      u = out;
      uOff = offU;
    }
    fc1.forward(u, uOff, out, offA, rows, threads, false);
    activation.forward(out, offA, out, offA, rows, hidden);
    if (proj != null) {
      proj.forward(in, 0, out, 0, rows, threads, false);
      fc2.forward(out, offA, out, 0, rows, threads, true);
    } else {
      fc2.forward(out, offA, out, 0, rows, threads, false);
      Elementwise.add(out, 0, in, 0, out, 0, rows * outWidth);
    }
  }

  @Override
  public void backward(float[] in, float[] out, float[] dOut, float[] dIn, int rows, int threads, TrainingPass pass) {
    int offU = rows * outWidth;
    int offA = offU + (norm != null ? rows * width : 0);
    float[] s = pass.scratch();
    int dA = 0;
    int dU = rows * hidden;
    // dOut is read by fc2 and the skip path and never written
    fc2.backward(out, offA, dOut, 0, s, dA, rows, threads, false);
    activation.backward(out, offA, s, dA, s, dA, rows, hidden);
    if (norm != null) {
      fc1.backward(out, offU, s, dA, s, dU, rows, threads, false);
      norm.backwardAt(in, 0, s, dU, dIn, 0, rows, pass);
    } else {
      fc1.backward(in, 0, s, dA, dIn, 0, rows, threads, false);
    }
    if (proj != null) {
      proj.backward(in, 0, dOut, 0, dIn, 0, rows, threads, true);
    } else if (dIn != null) {
      Elementwise.add(dIn, 0, dOut, 0, dIn, 0, rows * width);
    }
  }

  @Override
  public Residual copy() {
    return new Residual(width, hidden, outWidth, norm == null ? null : (Normalization) norm.copy(), fc1.copy(),
        fc2.copy(), proj == null ? null : proj.copy(), activation);
  }

  @Override
  public String describe() {
    return "residual(" + width + "→" + hidden + "→" + outWidth + ", " + norm().spec() + ", " + activation.spec()
        + (proj != null ? ", projection" : "") + ")";
  }
}
