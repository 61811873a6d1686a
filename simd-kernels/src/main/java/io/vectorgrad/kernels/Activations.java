package io.vectorgrad.kernels;

import io.vectorgrad.kernels.spi.ActivationSupport;
import io.vectorgrad.kernels.spi.KernelProvider;

/**
 * Activation functions and their fused backward kernels. Backward kernels take the stored forward
 * output {@code a} (not the pre-activation), which is all backprop keeps: sigmoid
 * {@code dZ = dA ⊙ a(1−a)}, tanh {@code dZ = dA ⊙ (1−a²)}, ReLU and leaky ReLU mask on {@code a > 0}
 * (derivative 0, or {@code slope}, at 0).
 *
 * <p>Accuracy: within 4 ulp of a double-precision reference for finite inputs; sigmoid saturates to
 * exactly 0 and 1; NaN in gives NaN out; ±∞ map to the limits. Softmax works row by row on contiguous
 * {@code rows × cols} matrices and is shifted by the row maximum, so it never overflows; a row containing NaN
 * or +∞ becomes NaN, and −∞ logits get probability 0.
 * Outputs may be an input in place (same array and offset) but may not overlap it partially.
 */
public final class Activations {
  private static final ActivationSupport IMPL = KernelProvider.get().activations();

  private Activations() {}

  /** {@code out = 1 / (1 + e^−x)}. */
  public static void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
    Elementwise.unary(x, xOff, out, outOff, n);
    IMPL.sigmoid(x, xOff, out, outOff, n);
  }

  /** {@code dZ = dA ⊙ a ⊙ (1 − a)} from the sigmoid output {@code a}. */
  public static void sigmoidBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    backward(a, aOff, dA, dAOff, dZ, dZOff, n);
    IMPL.sigmoidBackward(a, aOff, dA, dAOff, dZ, dZOff, n);
  }

  /** {@code out = tanh(x)}. */
  public static void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
    Elementwise.unary(x, xOff, out, outOff, n);
    IMPL.tanh(x, xOff, out, outOff, n);
  }

  /** {@code dZ = dA ⊙ (1 − a²)} from the tanh output {@code a}. */
  public static void tanhBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    backward(a, aOff, dA, dAOff, dZ, dZOff, n);
    IMPL.tanhBackward(a, aOff, dA, dAOff, dZ, dZOff, n);
  }

  /** {@code out = max(x, 0)} (NaN stays NaN). */
  public static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
    Elementwise.unary(x, xOff, out, outOff, n);
    IMPL.relu(x, xOff, out, outOff, n);
  }

  /** {@code dZ = a > 0 ? dA : 0} from the ReLU output {@code a}. */
  public static void reluBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    backward(a, aOff, dA, dAOff, dZ, dZOff, n);
    IMPL.reluBackward(a, aOff, dA, dAOff, dZ, dZOff, n);
  }

  /** {@code out = x > 0 ? x : slope·x}; {@code slope} must be finite and {@code >= 0}. */
  public static void leakyRelu(float slope, float[] x, int xOff, float[] out, int outOff, int n) {
    slope(slope);
    Elementwise.unary(x, xOff, out, outOff, n);
    IMPL.leakyRelu(slope, x, xOff, out, outOff, n);
  }

  /** {@code dZ = a > 0 ? dA : slope·dA} from the leaky-ReLU output {@code a}. */
  public static void leakyReluBackward(float slope, float[] a, int aOff, float[] dA, int dAOff, float[] dZ,
      int dZOff, int n) {
    slope(slope);
    backward(a, aOff, dA, dAOff, dZ, dZOff, n);
    IMPL.leakyReluBackward(slope, a, aOff, dA, dAOff, dZ, dZOff, n);
  }

  /** Row-wise softmax of a contiguous {@code rows × cols} matrix. */
  public static void softmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    rows(x, xOff, out, outOff, rows, cols);
    IMPL.softmax(x, xOff, out, outOff, rows, cols);
  }

  /** Row-wise log-softmax {@code x − max − log Σ e^(x − max)} of a contiguous {@code rows × cols} matrix. */
  public static void logSoftmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    rows(x, xOff, out, outOff, rows, cols);
    IMPL.logSoftmax(x, xOff, out, outOff, rows, cols);
  }

  /** Row-wise softmax Jacobian product: {@code dZ = a ⊙ (dA − Σ_j dA_j a_j)} from the softmax output {@code a}. */
  public static void softmaxBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff,
      int rows, int cols) {
    Checks.size("rows", rows);
    Checks.size("cols", cols);
    long n = (long) rows * cols;
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("rows*cols=" + n + " exceeds the largest Java array");
    }
    backward(a, aOff, dA, dAOff, dZ, dZOff, (int) n);
    IMPL.softmaxBackward(a, aOff, dA, dAOff, dZ, dZOff, rows, cols);
  }

  private static void rows(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    Checks.size("rows", rows);
    Checks.size("cols", cols);
    long n = (long) rows * cols;
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("rows*cols=" + n + " exceeds the largest Java array");
    }
    Elementwise.unary(x, xOff, out, outOff, (int) n);
  }

  private static void backward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    Checks.size("n", n);
    Checks.range("a", a, "aOff", aOff, n);
    Checks.range("dA", dA, "dAOff", dAOff, n);
    Checks.range("dZ", dZ, "dZOff", dZOff, n);
    Checks.sameOrDisjoint("dZ", dZ, dZOff, "dA", dA, dAOff, n);
    Checks.sameOrDisjoint("dZ", dZ, dZOff, "a", a, aOff, n);
  }

  private static void slope(float slope) {
    if (!(slope >= 0f) || slope == Float.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("slope=" + slope + ": expected a finite slope >= 0");
    }
  }
}
