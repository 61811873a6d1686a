package io.vectorgrad.training.layers;

import io.vectorgrad.training.model.Activation;
import java.util.Objects;

/** A parameter-free activation layer (the {@link Activation} after a Dense layer). */
public final class ActivationLayer implements Layer {
  private final Activation activation;
  private final int size;

  public ActivationLayer(Activation activation, int size) {
    this.activation = Objects.requireNonNull(activation, "activation");
    if (size < 1) {
      throw new IllegalArgumentException("size=" + size + ": expected >= 1");
    }
    this.size = size;
  }

  public Activation activation() {
    return activation;
  }

  @Override
  public int inputSize() {
    return size;
  }

  @Override
  public int outputSize() {
    return size;
  }

  @Override
  public int parameterCount() {
    return 0;
  }

  @Override
  public void forward(float[] in, float[] out, int rows, int threads) {
    activation.forward(in, out, rows, size);
  }

  @Override
  public String describe() {
    return activation.spec();
  }
}
