package io.vectorgrad.training.model;

import io.vectorgrad.kernels.Activations;
import io.vectorgrad.kernels.Elementwise;
import java.util.Locale;

/**
 * The activation that follows a Dense layer. Forward and backward run on the kernel facades; backward
 * takes the stored forward output {@code a} (what backprop keeps), never the pre-activation.
 */
public enum Activation {
  SIGMOID, TANH, RELU,
  /** Leaky ReLU with slope {@link #LEAKY_SLOPE} for negative inputs. */
  LEAKY_RELU,
  /** Row-wise softmax over the layer's outputs. */
  SOFTMAX, LINEAR;

  /** Negative-side slope of {@link #LEAKY_RELU}. */
  public static final float LEAKY_SLOPE = 0.01f;

  /** The spec string: {@code sigmoid, tanh, relu, leaky_relu, softmax, linear}. */
  public String spec() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a spec string (case-insensitive). */
  public static Activation fromSpec(String spec) {
    if (spec != null) {
      for (Activation a : values()) {
        if (a.spec().equalsIgnoreCase(spec.trim())) {
          return a;
        }
      }
    }
    StringBuilder names = new StringBuilder();
    for (Activation a : values()) {
      names.append(names.length() > 0 ? ", " : "").append(a.spec());
    }
    throw new IllegalArgumentException("unknown activation '" + spec + "': expected one of " + names);
  }

  /** Whether the derivative can be read from the sign of the output alone (ReLU family, linear). */
  public boolean derivativeFromSign() {
    return this == RELU || this == LEAKY_RELU || this == LINEAR;
  }

  /** {@code out = g(z)} on a contiguous {@code rows × cols} matrix; {@code out} may be {@code z} (in place). */
  public void forward(float[] z, float[] out, int rows, int cols) {
    int n = Math.multiplyExact(rows, cols);
    switch (this) {
      case SIGMOID: Activations.sigmoid(z, 0, out, 0, n); break;
      case TANH: Activations.tanh(z, 0, out, 0, n); break;
      case RELU: Activations.relu(z, 0, out, 0, n); break;
      case LEAKY_RELU: Activations.leakyRelu(LEAKY_SLOPE, z, 0, out, 0, n); break;
      case SOFTMAX: Activations.softmax(z, 0, out, 0, rows, cols); break;
      case LINEAR:
        if (z != out) {
          Elementwise.copy(z, 0, out, 0, n);
        }
        break;
      default: throw new AssertionError(this);
    }
  }

  /**
   * {@code dZ = dA ⊙ g'(·)} from the stored output {@code a}; {@code dZ} may be {@code dA} (in place).
   */
  public void backward(float[] a, float[] dA, float[] dZ, int rows, int cols) {
    int n = Math.multiplyExact(rows, cols);
    switch (this) {
      case SIGMOID: Activations.sigmoidBackward(a, 0, dA, 0, dZ, 0, n); break;
      case TANH: Activations.tanhBackward(a, 0, dA, 0, dZ, 0, n); break;
      case RELU: Activations.reluBackward(a, 0, dA, 0, dZ, 0, n); break;
      case LEAKY_RELU: Activations.leakyReluBackward(LEAKY_SLOPE, a, 0, dA, 0, dZ, 0, n); break;
      case SOFTMAX: Activations.softmaxBackward(a, 0, dA, 0, dZ, 0, rows, cols); break;
      case LINEAR:
        if (dA != dZ) {
          Elementwise.copy(dA, 0, dZ, 0, n);
        }
        break;
      default: throw new AssertionError(this);
    }
  }

  /** Double-precision reference of {@link #forward}, for gradient checking. */
  public void forwardDouble(double[] z, double[] out, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      if (this == SOFTMAX) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
          max = Math.max(max, z[o + j]);
        }
        double sum = 0;
        for (int j = 0; j < cols; j++) {
          out[o + j] = Math.exp(z[o + j] - max);
          sum += out[o + j];
        }
        for (int j = 0; j < cols; j++) {
          out[o + j] /= sum;
        }
        continue;
      }
      for (int j = 0; j < cols; j++) {
        double x = z[o + j];
        double y;
        switch (this) {
          case SIGMOID: y = 1.0 / (1.0 + Math.exp(-x)); break;
          case TANH: y = Math.tanh(x); break;
          case RELU: y = x > 0 ? x : 0.0; break;
          case LEAKY_RELU: y = x > 0 ? x : LEAKY_SLOPE * x; break;
          case LINEAR: y = x; break;
          default: throw new AssertionError(this);
        }
        out[o + j] = y;
      }
    }
  }

  /** Double-precision reference of {@link #backward}. */
  public void backwardDouble(double[] a, double[] dA, double[] dZ, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      if (this == SOFTMAX) {
        double dot = 0;
        for (int j = 0; j < cols; j++) {
          dot += dA[o + j] * a[o + j];
        }
        for (int j = 0; j < cols; j++) {
          dZ[o + j] = a[o + j] * (dA[o + j] - dot);
        }
        continue;
      }
      for (int j = 0; j < cols; j++) {
        double y = a[o + j];
        double g;
        switch (this) {
          case SIGMOID: g = y * (1 - y); break;
          case TANH: g = 1 - y * y; break;
          case RELU: g = y > 0 ? 1 : 0; break;
          case LEAKY_RELU: g = y > 0 ? 1 : LEAKY_SLOPE; break;
          case LINEAR: g = 1; break;
          default: throw new AssertionError(this);
        }
        dZ[o + j] = dA[o + j] * g;
      }
    }
  }
}
