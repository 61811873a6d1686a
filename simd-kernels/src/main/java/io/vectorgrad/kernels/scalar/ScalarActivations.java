package io.vectorgrad.kernels.scalar;

import io.vectorgrad.kernels.spi.ActivationSupport;

/** Activations through {@code java.lang.Math} in double, rounded once to float (≤ 0.5 ulp plus rounding). */
public final class ScalarActivations implements ActivationSupport {
  @Override
  public void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (float) (1.0 / (1.0 + Math.exp(-(double) x[xOff + i])));
    }
  }

  @Override
  public void sigmoidBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    for (int i = 0; i < n; i++) {
      float ai = a[aOff + i];
      dZ[dZOff + i] = dA[dAOff + i] * (ai * (1f - ai));
    }
  }

  @Override
  public void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (float) Math.tanh(x[xOff + i]);
    }
  }

  @Override
  public void tanhBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    for (int i = 0; i < n; i++) {
      float ai = a[aOff + i];
      dZ[dZOff + i] = dA[dAOff + i] * (1f - ai * ai);
    }
  }

  @Override
  public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      float v = x[xOff + i];
      out[outOff + i] = v < 0f ? 0f : v; // keeps NaN
    }
  }

  @Override
  public void reluBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    for (int i = 0; i < n; i++) {
      dZ[dZOff + i] = a[aOff + i] > 0f ? dA[dAOff + i] : 0f;
    }
  }

  @Override
  public void leakyRelu(float slope, float[] x, int xOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      float v = x[xOff + i];
      out[outOff + i] = v < 0f ? slope * v : v;
    }
  }

  @Override
  public void leakyReluBackward(float slope, float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff,
      int n) {
    for (int i = 0; i < n; i++) {
      float g = dA[dAOff + i];
      dZ[dZOff + i] = a[aOff + i] > 0f ? g : slope * g;
    }
  }

  @Override
  public void softmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int xr = xOff + r * cols;
      int or = outOff + r * cols;
      float max = rowMax(x, xr, cols);
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += Math.exp((double) x[xr + j] - max);
      }
      // recompute in double so the result is one rounding away from exact; nothing was written to out
      // before this loop, so out may be x (in place)
      for (int j = 0; j < cols; j++) {
        out[or + j] = (float) (Math.exp((double) x[xr + j] - max) / sum);
      }
    }
  }

  /**
   * {@code (x − max) − L} with {@code L = log(k + S)}: k counts the row maxima (each contributes exactly 1),
   * S sums the other exponentials, and {@code L = log k + log1p(S/k)} stays accurate when one logit
   * dominates and L is tiny (log of a sum near 1, or {@code x − (max + L)} in one step, would lose it).
   */
  @Override
  public void logSoftmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int xr = xOff + r * cols;
      int or = outOff + r * cols;
      float max = rowMax(x, xr, cols);
      double k = 0;
      double s = 0;
      for (int j = 0; j < cols; j++) {
        double d = (double) x[xr + j] - max;
        if (x[xr + j] == max) {
          k++;
          s += d; // 0, or NaN for ∞ − ∞
        } else {
          s += Math.exp(d);
        }
      }
      double lse = Math.log(k) + Math.log1p(s / k);
      for (int j = 0; j < cols; j++) {
        out[or + j] = (float) (((double) x[xr + j] - max) - lse);
      }
    }
  }

  @Override
  public void softmaxBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int rows,
      int cols) {
    for (int r = 0; r < rows; r++) {
      int ar = aOff + r * cols;
      int gr = dAOff + r * cols;
      int zr = dZOff + r * cols;
      float dot = 0f;
      for (int j = 0; j < cols; j++) {
        dot += dA[gr + j] * a[ar + j];
      }
      for (int j = 0; j < cols; j++) {
        dZ[zr + j] = a[ar + j] * (dA[gr + j] - dot);
      }
    }
  }

  private static float rowMax(float[] x, int off, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      float v = x[off + j];
      if (v != v) {
        return Float.NaN;
      }
      max = Math.max(max, v);
    }
    return max;
  }
}
