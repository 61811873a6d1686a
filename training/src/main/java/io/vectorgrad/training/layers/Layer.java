package io.vectorgrad.training.layers;

/**
 * One layer of a sequential model, batch-major: {@code rows × inputSize()} in, {@code rows × outputSize()}
 * out. Layers hold parameters (Dense) or nothing (activation, dropout); the trainer, losses and optimizers
 * are separate classes.
 */
public interface Layer {
  int inputSize();

  int outputSize();

  /** Trainable floats in this layer. */
  int parameterCount();

  /**
   * Inference forward pass on {@code rows} rows, GEMMs on at most {@code threads} threads. {@code out} may be
   * {@code in} only for element-wise layers (activation, dropout).
   */
  void forward(float[] in, float[] out, int rows, int threads);

  /** A short description such as {@code dense(784→256)} or {@code relu}. */
  String describe();
}
