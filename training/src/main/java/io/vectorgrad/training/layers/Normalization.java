package io.vectorgrad.training.layers;

import java.util.List;

/**
 * A width-preserving normalisation block with learned scale ({@code weight}, γ) and shift ({@code bias},
 * β): {@link LayerNorm} or {@link BatchNorm}. The offset forms let a {@link Residual} keep the normalised
 * values inside its own output buffer.
 */
public interface Normalization extends Block {
  /** Numerical guard inside the square root, PyTorch's default. */
  float EPSILON = 1e-5f;

  NormKind kind();

  /** {@code out[outOff..] = norm(in[inOff..])} on {@code rows × width} values; see {@link Block#forward}. */
  void forwardAt(float[] in, int inOff, float[] out, int outOff, int rows, TrainingPass pass);

  /**
   * Parameter gradients (batch means) and, unless {@code dIn} is {@code null}, the per-sample input gradient.
   * {@code dOut} is not modified and must not alias {@code dIn}.
   */
  void backwardAt(float[] in, int inOff, float[] dOut, int dOutOff, float[] dIn, int dInOff, int rows,
      TrainingPass pass);

  @Override
  default List<Dense> denseLayers() {
    return List.of();
  }

  @Override
  default void forward(float[] in, float[] out, float[] z, int rows, int threads, TrainingPass pass) {
    forwardAt(in, 0, out, 0, rows, pass);
  }

  @Override
  default void backward(float[] in, float[] out, float[] dOut, float[] dIn, int rows, int threads,
      TrainingPass pass) {
    backwardAt(in, 0, dOut, 0, dIn, 0, rows, pass);
  }

  @Override
  default long forwardFlops(int rows) {
    return 8L * rows * inputWidth();
  }
}
