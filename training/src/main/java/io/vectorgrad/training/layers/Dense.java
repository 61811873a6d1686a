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
public final class Dense {
  private final int inputSize;
  private final int outputSize;
  private final Parameter weight;
  private final Parameter bias;

  /** A layer with zero weights and bias named {@code prefix.weight} and {@code prefix.bias}. */
  public Dense(String prefix, int inputSize, int outputSize) {
    if (inputSize < 1 || outputSize < 1) {
      throw new IllegalArgumentException("Dense(" + inputSize + " → " + outputSize + "): sizes must be >= 1");
    }
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    weight = Parameter.trainable(prefix + ".weight", outputSize, inputSize);
    bias = Parameter.trainable(prefix + ".bias", outputSize);
  }

  /** An unnamed layer ({@code dense.weight}, {@code dense.bias}) with zero weights and bias. */
  public Dense(int inputSize, int outputSize) {
    this("dense", inputSize, outputSize);
  }

  public int inputSize() {
    return inputSize;
  }

  public int outputSize() {
    return outputSize;
  }

  public Parameter weightParameter() {
    return weight;
  }

  public Parameter biasParameter() {
    return bias;
  }

  /** The live weights, row-major {@code [outputSize, inputSize]}. */
  public float[] weights() {
    return weight.values();
  }

  /** The live bias, {@code [outputSize]}. */
  public float[] bias() {
    return bias.values();
  }

  /** dL/dW of the last backward pass, same layout as {@link #weights()}. */
  public float[] weightGradients() {
    return weight.gradient();
  }

  /** dL/db of the last backward pass. */
  public float[] biasGradients() {
    return bias.gradient();
  }

  public int parameterCount() {
    return weight.size() + bias.size();
  }

  /** GEMM FLOPs of one forward on {@code rows} rows ({@code 2·rows·in·out}) plus the bias add. */
  public long forwardFlops(int rows) {
    return 2L * rows * inputSize * outputSize + (long) rows * outputSize;
  }

  /** {@code out = in·Wᵀ + b} on {@code rows} rows. */
  public void forward(float[] in, float[] out, int rows, int threads) {
    forward(in, 0, out, 0, rows, threads, false);
  }

  /**
   * {@code out[outOff..] = in[inOff..]·Wᵀ + b}, or {@code out += in·Wᵀ + b} when {@code accumulate} (a
   * residual sum in the GEMM's β = 1).
   */
  public void forward(float[] in, int inOff, float[] out, int outOff, int rows, int threads, boolean accumulate) {
    if (rows == 0) {
      return;
    }
    Gemm.sgemm(false, true, rows, outputSize, inputSize, 1f, in, inOff, inputSize, weights(), 0, inputSize,
        accumulate ? 1f : 0f, out, outOff, outputSize, threads);
    Elementwise.addRowVector(bias(), 0, out, outOff, outputSize, rows, outputSize);
  }

  /**
   * Given {@code dZ} ({@code rows × out}), overwrites the parameter gradients with the batch-mean
   * gradients and writes {@code dIn = dZ·W} unless {@code dIn} is null.
   */
  public void backward(float[] in, float[] dZ, float[] dIn, int rows, int threads) {
    backward(in, 0, dZ, 0, dIn, 0, rows, threads, false);
  }

  /** As {@link #backward(float[], float[], float[], int, int)} at offsets; {@code dIn += dZ·W} when {@code accumulate}. */
  public void backward(float[] in, int inOff, float[] dZ, int dZOff, float[] dIn, int dInOff, int rows,
      int threads, boolean accumulate) {
    if (rows < 1) {
      // a batch mean over no rows would turn every bias gradient into NaN (0 · ∞)
      throw new IllegalArgumentException("rows=" + rows + ": backward needs a batch of at least 1 row");
    }
    float invM = 1f / rows;
    Gemm.sgemm(true, false, outputSize, inputSize, rows, invM, dZ, dZOff, outputSize, in, inOff, inputSize,
        0f, weightGradients(), 0, inputSize, threads);
    Elementwise.columnSums(dZ, dZOff, outputSize, biasGradients(), 0, rows, outputSize);
    Elementwise.scale(invM, biasGradients(), 0, biasGradients(), 0, outputSize);
    if (dIn != null) {
      Gemm.sgemm(false, false, rows, inputSize, outputSize, 1f, dZ, dZOff, outputSize, weights(), 0, inputSize,
          accumulate ? 1f : 0f, dIn, dInOff, inputSize, threads);
    }
  }

  /** Same names and values, own arrays. */
  public Dense copy() {
    Dense d = new Dense(weight.name().substring(0, weight.name().length() - ".weight".length()), inputSize,
        outputSize);
    System.arraycopy(weights(), 0, d.weights(), 0, weights().length);
    System.arraycopy(bias(), 0, d.bias(), 0, bias().length);
    return d;
  }

  public String describe() {
    return "dense(" + inputSize + "→" + outputSize + ")";
  }
}
