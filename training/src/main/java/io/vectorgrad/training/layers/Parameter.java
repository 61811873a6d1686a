package io.vectorgrad.training.layers;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor of a model: its live values and, when trainable, its gradient of the last backward pass
 * (same length). Non-trainable tensors ("state", e.g. BatchNorm's running statistics) have no gradient:
 * optimizers skip them, model files store them. The name is the model file's tensor name, e.g.
 * {@code layers.3.fc1.weight} or {@code layers.2.running_mean}.
 */
public final class Parameter {
  private final String name;
  private final int[] shape;
  private final float[] values;
  private final float[] gradient;

  private Parameter(String name, int[] shape, boolean trainable) {
    this.name = Objects.requireNonNull(name, "name");
    long n = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " has a dimension < 1");
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " has " + n
          + " elements, more than a Java array holds");
    }
    this.shape = shape.clone();
    this.values = new float[(int) n];
    this.gradient = trainable ? new float[(int) n] : null;
  }

  /** A trainable tensor of zeros with a zero gradient. */
  public static Parameter trainable(String name, int... shape) {
    return new Parameter(name, shape, true);
  }

  /** A non-trainable tensor of zeros (no gradient). */
  public static Parameter state(String name, int... shape) {
    return new Parameter(name, shape, false);
  }

  public String name() {
    return name;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int size() {
    return values.length;
  }

  /** The live values, row-major. */
  public float[] values() {
    return values;
  }

  /** dL/d(values) of the last backward pass; {@code null} for state tensors. */
  public float[] gradient() {
    return gradient;
  }

  public boolean isTrainable() {
    return gradient != null;
  }

  /** Same name, shape and values, own arrays (gradient zeroed). */
  public Parameter copy() {
    Parameter p = new Parameter(name, shape, isTrainable());
    System.arraycopy(values, 0, p.values, 0, values.length);
    return p;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
