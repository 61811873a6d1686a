package io.vectorgrad.kernels.panama;

import io.vectorgrad.kernels.scalar.ScalarActivations;
import io.vectorgrad.kernels.spi.ActivationSupport;

/** TEMPORARY shell: delegates to the scalar kernels until the Vector API versions land. */
final class PanamaActivations implements ActivationSupport {
  private final ScalarActivations scalar = new ScalarActivations();

  @Override
  public void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
    scalar.sigmoid(x, xOff, out, outOff, n);
  }

  @Override
  public void sigmoidBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    scalar.sigmoidBackward(a, aOff, dA, dAOff, dZ, dZOff, n);
  }

  @Override
  public void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
    scalar.tanh(x, xOff, out, outOff, n);
  }

  @Override
  public void tanhBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    scalar.tanhBackward(a, aOff, dA, dAOff, dZ, dZOff, n);
  }

  @Override
  public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
    scalar.relu(x, xOff, out, outOff, n);
  }

  @Override
  public void reluBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    scalar.reluBackward(a, aOff, dA, dAOff, dZ, dZOff, n);
  }

  @Override
  public void leakyRelu(float slope, float[] x, int xOff, float[] out, int outOff, int n) {
    scalar.leakyRelu(slope, x, xOff, out, outOff, n);
  }

  @Override
  public void leakyReluBackward(float slope, float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    scalar.leakyReluBackward(slope, a, aOff, dA, dAOff, dZ, dZOff, n);
  }

  @Override
  public void softmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    scalar.softmax(x, xOff, out, outOff, rows, cols);
  }

  @Override
  public void logSoftmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    scalar.logSoftmax(x, xOff, out, outOff, rows, cols);
  }

  @Override
  public void softmaxBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int rows, int cols) {
    scalar.softmaxBackward(a, aOff, dA, dAOff, dZ, dZOff, rows, cols);
  }
}
