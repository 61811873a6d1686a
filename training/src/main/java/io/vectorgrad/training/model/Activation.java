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
    forward(z, 0, out, 0, rows, cols);
  }

  /** {@link #forward(float[], float[], int, int)} at offsets. */
  public void forward(float[] z, int zOff, float[] out, int outOff, int rows, int cols) {
    int n = Math.multiplyExact(rows, cols);
    switch (this) {
      case SIGMOID: Activations.sigmoid(z, zOff, out, outOff, n); break;
      case TANH: Activations.tanh(z, zOff, out, outOff, n); break;
      case RELU: Activations.relu(z, zOff, out, outOff, n); break;
      case LEAKY_RELU: Activations.leakyRelu(LEAKY_SLOPE, z, zOff, out, outOff, n); break;
      case SOFTMAX: Activations.softmax(z, zOff, out, outOff, rows, cols); break;
      case LINEAR:
        if (z != out || zOff != outOff) {
          Elementwise.copy(z, zOff, out, outOff, n);
        }
        break;
      default: throw new AssertionError(this);
    }
  }

  /**
   * {@code dZ = dA ⊙ g'(·)} from the stored output {@code a}; {@code dZ} may be {@code dA} (in place).
   */
  public void backward(float[] a, float[] dA, float[] dZ, int rows, int cols) {
    backward(a, 0, dA, 0, dZ, 0, rows, cols);
  }

  /** {@link #backward(float[], float[], float[], int, int)} at offsets. */
  public void backward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int rows, int cols) {
    int n = Math.multiplyExact(rows, cols);
    switch (this) {
      case SIGMOID: Activations.sigmoidBackward(a, aOff, dA, dAOff, dZ, dZOff, n); break;
      case TANH: Activations.tanhBackward(a, aOff, dA, dAOff, dZ, dZOff, n); break;
      case RELU: Activations.reluBackward(a, aOff, dA, dAOff, dZ, dZOff, n); break;
      case LEAKY_RELU: Activations.leakyReluBackward(LEAKY_SLOPE, a, aOff, dA, dAOff, dZ, dZOff, n); break;
      case SOFTMAX: Activations.softmaxBackward(a, aOff, dA, dAOff, dZ, dZOff, rows, cols); break;
      case LINEAR:
        if (dA != dZ || dAOff != dZOff) {
          Elementwise.copy(dA, dAOff, dZ, dZOff, n);
        }
        break;
      default: throw new AssertionError(this);
    }
  }
}
