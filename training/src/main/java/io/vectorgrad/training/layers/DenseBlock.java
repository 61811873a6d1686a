package io.vectorgrad.training.layers;

import io.vectorgrad.training.model.Activation;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Dense} layer, its {@link Activation} and optionally a {@link Dropout}: the block of a plain MLP.
 * Its parameters are {@code prefix.weight} and {@code prefix.bias} (PyTorch's {@code nn.Linear}).
 *
 * <p>Backward takes the kept output {@code a}. Behind a dropout, ReLU, leaky ReLU and linear read their
 * derivative from the sign of the dropped-out output (exact); sigmoid, tanh and softmax recompute
 * {@code g(in·Wᵀ + b)} into the scratch, which costs one extra GEMM for that block but keeps the block's
 * kept bytes at its output.
 */
public final class DenseBlock implements Block {
  private final Dense dense;
  private final Activation activation;
  private final Dropout dropout;
  private final List<Parameter> parameters;

  /** {@code dropout} may be {@code null}. */
  public DenseBlock(Dense dense, Activation activation, Dropout dropout) {
    this.dense = Objects.requireNonNull(dense, "dense");
    this.activation = Objects.requireNonNull(activation, "activation");
    if (dropout != null && dropout.size() != dense.outputSize()) {
      throw new IllegalArgumentException("dropout of size " + dropout.size() + " after " + dense.describe());
    }
    this.dropout = dropout;
    this.parameters = List.of(dense.weightParameter(), dense.biasParameter());
  }

  public Dense dense() {
    return dense;
  }

  public Activation activation() {
    return activation;
  }

  /** The dropout after the activation, or {@code null}. */
  public Dropout dropout() {
    return dropout;
  }

  private boolean recomputesInBackward() {
    return dropout != null && dropout.rate() > 0f && !activation.derivativeFromSign();
  }

  @Override
  public int inputWidth() {
    return dense.inputSize();
  }

  @Override
  public int outputWidth() {
    return dense.outputSize();
  }

  @Override
  public int scratchWidth() {
    return recomputesInBackward() ? dense.outputSize() : 0;
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public List<Dense> denseLayers() {
    return List.of(dense);
  }

  @Override
  public long forwardFlops(int rows) {
    return dense.forwardFlops(rows) + (long) rows * dense.outputSize() * (dropout != null ? 2 : 1);
  }

  @Override
  public void forward(float[] in, float[] out, float[] z, int rows, int threads, TrainingPass pass) {
    float[] pre = z != null ? z : out;
    dense.forward(in, pre, rows, threads);
    activation.forward(pre, out, rows, dense.outputSize());
    if (pass != null && pass.training && dropout != null) {
      dropout.apply(pass.step, pass.block, out, rows * dense.outputSize());
    }
  }

  @Override
  public void backward(float[] in, float[] out, float[] dOut, float[] dIn, int rows, int threads, TrainingPass pass) {
    int w = dense.outputSize();
    if (!pass.fusedOutput) {
      float[] a = out;
      if (pass.training && dropout != null && dropout.rate() > 0f) {
        dropout.backward(pass.step, pass.block, dOut, rows * w);
        if (!activation.derivativeFromSign()) {
          float[] s = pass.scratch();
          dense.forward(in, s, rows, threads);
          activation.forward(s, s, rows, w);
          a = s;
        }
      }
      activation.backward(a, dOut, dOut, rows, w);
    }
    dense.backward(in, dOut, dIn, rows, threads);
  }

  @Override
  public DenseBlock copy() {
    return new DenseBlock(dense.copy(), activation, dropout);
  }

  @Override
  public String describe() {
    return "dense(" + dense.inputSize() + "→" + dense.outputSize() + ", " + activation.spec()
        + (dropout == null ? "" : ", dropout " + dropout.rate()) + ")";
  }
}
