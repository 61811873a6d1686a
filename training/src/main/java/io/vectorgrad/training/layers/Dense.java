package io.vectorgrad.training.layers;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.kernels.Gemm;

/**
 * A fully connected layer, {@code Z = A_prev·Wᵀ + b}, with weights {@code W} row-major {@code [out, in]}
 * and bias {@code b} {@code [out]}; it owns its parameter and gradient arrays.
 *
 * <p>Batch-major rows (one sample per row, m rows), which is the transpose of the textbooks' column-major
 * equations (Nielsen, ch. 2: BP1–BP4, with samples as columns):
 * <pre>
 *   textbook (column per sample)          here (row per sample)
 *   z = W·a_prev + b                      Z  = A_prev·Wᵀ + b                  sgemm(N, T), addRowVector
 *   BP1 δᴸ = ∇ₐC ⊙ σ'(zᴸ)                 dZᴸ = dA ⊙ g'(A)  (or a − y fused)  Activations.*Backward
 *   BP2 δˡ = (Wˡ⁺¹)ᵀ·δˡ⁺¹ ⊙ σ'(zˡ)         dA_prev = dZ·W, then ⊙ g'            sgemm(N, N)
 *   BP3 ∂C/∂b = δ                          db = (1/m)·Σ_rows dZ                 columnSums, scale
 *   BP4 ∂C/∂W = δ·a_prevᵀ                  dW = (1/m)·dZᵀ·A_prev                sgemm(T, N), alpha = 1/m
 * </pre>
 * The 1/m turns the per-sample gradients into the gradient of the batch-mean loss.
 */
public final class Dense implements Layer {
  private final int inputSize;
  private final int outputSize;
  private final float[] weights;
  private final float[] bias;
  private final float[] weightGradients;
  private final float[] biasGradients;

  /** A layer with zero weights and bias; see {@code Model.builder} for initialised models. */
  public Dense(int inputSize, int outputSize) {
    if (inputSize < 1 || outputSize < 1) {
      throw new IllegalArgumentException("Dense(" + inputSize + " → " + outputSize + "): sizes must be >= 1");
    }
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    int n = Math.multiplyExact(inputSize, outputSize);
    weights = new float[n];
    bias = new float[outputSize];
    weightGradients = new float[n];
    biasGradients = new float[outputSize];
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int outputSize() {
    return outputSize;
  }

  /** The live weights, row-major {@code [outputSize, inputSize]}. */
  public float[] weights() {
    return weights;
  }

  /** The live bias, {@code [outputSize]}. */
  public float[] bias() {
    return bias;
  }

  /** dL/dW of the last backward pass, same layout as {@link #weights()}. */
  public float[] weightGradients() {
    return weightGradients;
  }

  /** dL/db of the last backward pass. */
  public float[] biasGradients() {
    return biasGradients;
  }

  @Override
  public int parameterCount() {
    return weights.length + bias.length;
  }

  @Override
  public void forward(float[] in, float[] out, int rows, int threads) {
    if (rows == 0) {
      return;
    }
    Gemm.sgemm(false, true, rows, outputSize, inputSize, 1f, in, 0, inputSize, weights, 0, inputSize,
        0f, out, 0, outputSize, threads);
    Elementwise.addRowVector(bias, 0, out, 0, outputSize, rows, outputSize);
  }

  /**
   * Given {@code dZ} ({@code rows × out}), overwrites the parameter gradients with the batch-mean
   * gradients and writes {@code dIn = dZ·W} unless {@code dIn} is null.
   */
  public void backward(float[] in, float[] dZ, float[] dIn, int rows, int threads) {
    if (rows < 1) {
      // a batch mean over no rows would turn every bias gradient into NaN (0 · ∞)
      throw new IllegalArgumentException("rows=" + rows + ": backward needs a batch of at least 1 row");
    }
    float invM = 1f / rows;
    Gemm.sgemm(true, false, outputSize, inputSize, rows, invM, dZ, 0, outputSize, in, 0, inputSize,
        0f, weightGradients, 0, inputSize, threads);
    Elementwise.columnSums(dZ, 0, outputSize, biasGradients, 0, rows, outputSize);
    Elementwise.scale(invM, biasGradients, 0, biasGradients, 0, outputSize);
    if (dIn != null) {
      Gemm.sgemm(false, false, rows, inputSize, outputSize, 1f, dZ, 0, outputSize, weights, 0, inputSize,
          0f, dIn, 0, inputSize, threads);
    }
  }

  @Override
  public String describe() {
    return "dense(" + inputSize + "→" + outputSize + ")";
  }
}
