package io.vectorgrad.kernels.spi;

/**
 * Unchecked activation kernels, validated by {@link io.vectorgrad.kernels.Activations}. Backward kernels
 * read the stored forward output {@code a}, never the pre-activation. Outputs may alias an input exactly.
 */
public interface ActivationSupport {
  void sigmoid(float[] x, int xOff, float[] out, int outOff, int n);

  void sigmoidBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n);

  void tanh(float[] x, int xOff, float[] out, int outOff, int n);

  void tanhBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n);

  void relu(float[] x, int xOff, float[] out, int outOff, int n);

  void reluBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n);

  void leakyRelu(float slope, float[] x, int xOff, float[] out, int outOff, int n);

  void leakyReluBackward(float slope, float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n);

  void softmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols);

  void logSoftmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols);

  void softmaxBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int rows, int cols);
}
